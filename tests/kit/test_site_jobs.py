"""Work on the written site, now or through a runner (kit.site_jobs), and documents
converted ahead of time (kit.prefetch)."""

from pathlib import Path

from kit import prefetch, site_jobs
from kit.site_jobs import SiteJob


def test_a_job_runs_at_once_on_a_snapshot_of_its_files(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "a").mkdir(parents=True)
    (output / "a" / "index.html").write_text("A", encoding="utf-8")
    (output / "draft.html").write_text("not listed", encoding="utf-8")
    seen = {}

    def run(site: Path, where: Path) -> None:
        seen["files"] = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        seen["output"] = where
        (where / "result.txt").write_text("done", encoding="utf-8")

    site_jobs.submit({}, output, SiteJob("demo", ("a/index.html",), run, "result.txt"))
    assert seen == {"files": ["a/index.html"], "output": output}
    assert (output / "result.txt").read_text(encoding="utf-8") == "done"


def test_a_runner_chosen_for_the_run_takes_the_jobs(tmp_path: Path) -> None:
    class Later:
        def __init__(self) -> None:
            self.jobs: list = []
            self.settled = 0

        def submit(self, output: Path, job: SiteJob) -> None:
            self.jobs.append((output, job.name))

        def settle(self) -> None:
            self.settled += 1

    settings: dict = {}
    runner = Later()
    site_jobs.use_runner(settings, runner)
    site_jobs.submit(settings, tmp_path, SiteJob("demo", (), lambda s, o: None, "x"))
    site_jobs.settle(settings)
    assert runner.jobs == [(tmp_path, "demo")]
    assert runner.settled == 1


def test_a_reader_takes_what_was_offered_for_this_run_only() -> None:
    class Ahead:
        def take(self, source_path: str):
            return ("<p>ready</p>", {"title": ["T"]}) if source_path == "a.md" else None

    settings: dict = {}
    assert prefetch.take(settings, "a.md") is None  # nobody offered: convert it yourself
    offered = Ahead()
    prefetch.offer(settings, offered)
    assert prefetch.take(settings, "a.md") == ("<p>ready</p>", {"title": ["T"]})
    assert prefetch.take(settings, "b.md") is None
    assert prefetch.take({}, "a.md") is None  # another run
    assert prefetch.withdraw(settings) is offered
    assert prefetch.take(settings, "a.md") is None


def _two_step_job(output: Path, files: tuple[str, ...], events: list) -> SiteJob:
    """A job that records when it started (on which snapshot) and when it finished."""

    def start(site: Path) -> str:
        events.append(("start", sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))))
        return "handle"

    def finish(started: str, site: Path, where: Path) -> None:
        events.append(("finish", started, where))

    def run(site: Path, where: Path) -> None:
        events.append(("run", where))

    return SiteJob("two steps", files, run, "x", start=start, finish=finish)


def test_an_offered_job_starts_when_the_pages_are_written_and_finishes_at_submit(
    tmp_path: Path,
) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "a.html").write_text("A", encoding="utf-8")
    settings: dict = {}
    events: list = []
    site_jobs.offer(settings, lambda: _two_step_job(output, ("a.html",), events))
    assert events == []  # offered: nothing runs yet
    site_jobs.output_complete(settings, output)
    assert events == [("start", ["a.html"])]
    site_jobs.submit(settings, output, _two_step_job(output, ("a.html",), events))
    assert events[1:] == [("finish", "handle", output)]


def test_an_early_job_whose_files_changed_since_runs_again(tmp_path: Path) -> None:
    settings: dict = {}
    events: list = []
    site_jobs.offer(settings, lambda: _two_step_job(tmp_path, (), events))
    site_jobs.output_complete(settings, tmp_path)
    (tmp_path / "late.html").write_text("L", encoding="utf-8")
    site_jobs.submit(settings, tmp_path, _two_step_job(tmp_path, ("late.html",), events))
    assert [event[0] for event in events] == ["start", "run"]


def test_with_a_runner_of_its_own_the_run_starts_nothing_early(tmp_path: Path) -> None:
    class Later:
        def submit(self, output: Path, job: SiteJob) -> None: ...

        def settle(self) -> None: ...

    settings: dict = {}
    events: list = []
    site_jobs.use_runner(settings, Later())
    site_jobs.offer(settings, lambda: _two_step_job(tmp_path, (), events))
    site_jobs.output_complete(settings, tmp_path)
    assert events == []


def test_what_was_derived_ahead_of_time_is_taken_once_for_the_same_body() -> None:
    settings: dict = {}
    prefetch.derive(settings, "length", len)
    assert prefetch.derivations(settings) == {"length": len}
    body = "<p>body</p>"
    assert prefetch.derived(settings, "length", body) is None  # nothing derived yet
    prefetch.keep_derived(settings, body, {"length": 11})
    assert prefetch.derived(settings, "length", "<p>other</p>") is None
    assert prefetch.derived(settings, "length", body) == 11
    assert prefetch.derived(settings, "length", body) is None  # taken
    assert prefetch.derivations({}) == {}

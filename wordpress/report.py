"""The import's report: a table in the terminal, and the same as Markdown next to content/."""

from pathlib import Path

from .importer import Result


def report_lines(result: Result) -> list[str]:
    writer = result.writer
    lines = ["# WordPress import", "", "| What | Count |", "| --- | ---: |"]
    lines += [f"| {label} | {count} |" for label, count in sorted(result.counts.items())]
    lines += [
        f"| comments kept | {result.comments} |",
        f"| files written | {len(writer.written)} |",
        f"| files unchanged | {len(writer.unchanged)} |",
        f"| files you edited, kept (--force replaces them) | {len(writer.kept)} |",
        f"| seconds | {result.seconds:.2f} |",
        "",
    ]
    todo = []
    for name in writer.kept:
        todo.append(f"- `{name}`: edited since the last import, not overwritten")
    for name in result.protected:
        todo.append(f"- `{name}`: password-protected on WordPress, imported as a draft")
    for name, notes in sorted(result.notes.items()):
        for url in notes.missing_images:
            todo.append(f"- `{name}`: image not in the uploads folder, now a link: {url}")
        for url in notes.no_alt:
            todo.append(f"- `{name}`: image without alt text: {url}")
        for problem in notes.lint:
            todo.append(f"- `{name}`: {problem}: the strict build stops until it is shorter")
        for block in sorted(notes.unknown):
            todo.append(f"- `{name}`: not understood, kept as it was: {block}")
    lines += ["## Needs you", "", *(todo or ["Nothing."]), ""]
    return lines


def write_report(result: Result, content: Path) -> Path:
    path = content.resolve().parent / "wordpress-import-report.md"
    path.write_text("\n".join(report_lines(result)), encoding="utf-8")
    return path

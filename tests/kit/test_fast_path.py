"""Marks that say what livereload's fast path may skip or must redo (plugins/kit/fast_path.py)."""

from kit.fast_path import Mark, mark_of, redone_per_article, unaffected_by_body, vouch_for


def test_a_mark_travels_with_the_function() -> None:
    def redo(article, context):
        return None

    @unaffected_by_body("settings only")
    def skipped(pelican):
        return None

    @redone_per_article(redo)
    def derived(generators):
        return None

    def unmarked(generator):
        return None

    assert mark_of(skipped) == Mark("settings only")
    assert mark_of(derived).redo is redo
    assert mark_of(unmarked) is None
    renamed = skipped
    assert mark_of(renamed) == Mark("settings only")  # a name is not what counts


def test_a_receiver_of_another_package_is_vouched_for_where_possible() -> None:
    def third_party(generator):
        return None

    vouch_for(third_party, "dates only")
    assert mark_of(third_party) == Mark("dates only")

    class Plugin:
        def receiver(self, generator):
            return None

    bound = Plugin().receiver
    vouch_for(bound, "cannot be marked")  # a bound method takes no attribute: no error
    assert mark_of(bound) is None  # stays unmarked, so the fast path stays off

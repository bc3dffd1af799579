"""The one settings helper every plugin uses (plugins/kit/settings.py)."""

import logging

import pytest

from kit.settings import (
    RENAMED,
    Setting,
    SettingsError,
    Spec,
    boolean,
    hex_colour,
    one_of,
    optional,
    positive_int,
    public_siteurl,
    switched_on,
)

SPEC = Spec(
    plugin="demo",
    prefix="DEMO_",
    settings=(
        Setting("DEMO_ON", True, boolean),
        Setting("DEMO_COLOUR", "#0F766E", hex_colour),
        Setting("DEMO_MODE", "click", one_of("click", "visible")),
        Setting("DEMO_COUNT", 3, positive_int),
        Setting("DEMO_URL", None, optional(lambda value, name: value.upper())),
    ),
    foreign=frozenset({"DEMO_URL_PATTERN"}),
)


def test_defaults_are_checked_and_the_sites_values_win() -> None:
    assert SPEC.load({}) == {
        "DEMO_ON": True,
        "DEMO_COLOUR": "#0f766e",  # checks may normalise
        "DEMO_MODE": "click",
        "DEMO_COUNT": 3,
        "DEMO_URL": None,
    }
    loaded = SPEC.load({"DEMO_ON": False, "DEMO_MODE": "visible", "DEMO_URL": "x", "OTHER": 1})
    assert (loaded["DEMO_ON"], loaded["DEMO_MODE"], loaded["DEMO_URL"]) == (False, "visible", "X")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEMO_ON", "yes", "DEMO_ON must be True or False, not 'yes'"),
        ("DEMO_COLOUR", "teal", "DEMO_COLOUR must be a #rrggbb colour, not 'teal'"),
        ("DEMO_MODE", "hover", "DEMO_MODE: 'click' or 'visible', not 'hover'"),
        ("DEMO_COUNT", 0, "DEMO_COUNT must be a whole number of at least 1, not 0"),
        ("DEMO_COUNT", True, "DEMO_COUNT must be a whole number of at least 1, not True"),
    ],
)
def test_a_wrong_value_names_the_setting(name: str, value, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        SPEC.load({name: value})
    assert str(raised.value) == message


def test_an_unknown_name_with_the_prefix_gets_the_closest_known_one(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        SPEC.load({"DEMO_COLOR": "#000000", "DEMO_ZZZZZZZZZZZ": 1, "DEMO_URL_PATTERN": "x"})
    assert caplog.messages == [
        "demo: unknown setting DEMO_COLOR (did you mean DEMO_COLOUR?)",
        "demo: unknown setting DEMO_ZZZZZZZZZZZ",
    ]  # a foreign name with the prefix (Pelican's own) is not reported


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_a_renamed_setting_stops_the_build_naming_the_new_one(old: str, new: str) -> None:
    with pytest.raises(SettingsError, match=rf"^{old} was renamed {new}: write {new} = False$"):
        SPEC.load({old: False})


def test_checked_values_are_kept_for_the_run() -> None:
    settings = {"DEMO_COUNT": 5}
    first = SPEC.of(settings)
    settings["DEMO_COUNT"] = 6  # the run's settings do not change: checked once
    assert SPEC.of(settings) is first
    assert SPEC.of({"DEMO_COUNT": 6})["DEMO_COUNT"] == 6  # another run


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, ""),
        ({"SITEURL": "https://blog.test/"}, "https://blog.test"),
        ({"SITEURL": "", "PUBLIC_SITEURL": "https://pub.test"}, "https://pub.test"),
        ({"SITEURL": "https://a.test", "PUBLIC_SITEURL": "https://b.test/"}, "https://b.test"),
    ],
)
def test_the_public_address(settings: dict, expected: str) -> None:
    assert public_siteurl(settings) == expected


def test_a_public_address_must_be_http() -> None:
    with pytest.raises(SettingsError, match=r"^PUBLIC_SITEURL must be an http\(s\) URL"):
        public_siteurl({"PUBLIC_SITEURL": "javascript:alert(1)"})
    with pytest.raises(SettingsError, match=r"^SITEURL must be an http\(s\) URL"):
        public_siteurl({"SITEURL": "ftp://blog.test"})


@pytest.mark.parametrize("off", ["off", "No", " false ", "0", "HIDE", "none"])
def test_metadata_switches_off_a_feature(off: str) -> None:
    assert switched_on({"share": off}, "share", True) is False


def test_metadata_switches_on_a_feature_and_its_absence_keeps_the_default() -> None:
    assert switched_on({"share": "yes"}, "share", False) is True
    assert switched_on({}, "share", True) is True
    assert switched_on({}, "share", False) is False


def test_the_check_is_an_initialized_receiver_the_fast_path_may_skip() -> None:
    from types import SimpleNamespace

    from kit.fast_path import mark_of

    assert mark_of(SPEC.check).reason == "settings only"
    with pytest.raises(SettingsError, match="DEMO_ON"):
        SPEC.check(SimpleNamespace(settings={"DEMO_ON": "yes"}))

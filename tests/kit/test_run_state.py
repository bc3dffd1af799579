"""The state of one Pelican run, kept on its settings (plugins/kit/run_state.py)."""

import pickle

from kit.run_state import KEY, RunState, state_of


def test_every_holder_of_the_run_settings_sees_one_state() -> None:
    settings = {"SITENAME": "Blog"}
    state = state_of(settings)
    context = settings.copy()  # what Pelican.run gives the generators
    assert state_of(context) is state
    assert state.part("demo:x", list) is state.part("demo:x", list)
    assert state_of({"SITENAME": "Blog"}) is not state  # another run


def test_the_state_is_no_setting_and_does_not_travel() -> None:
    settings = {}
    state_of(settings).put("demo:helper", object())
    assert not KEY.isupper()  # settings digests and unknown-setting checks skip it
    assert repr(settings[KEY]) == "<RunState>"  # stable, whatever it holds
    copy = pickle.loads(pickle.dumps(settings))  # as a cache would keep it
    assert isinstance(copy[KEY], RunState)
    assert copy[KEY].get("demo:helper") is None

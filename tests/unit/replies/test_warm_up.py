"""The drafting warm-up a worker runs before taking mail: every template compiled once."""

from __future__ import annotations

from replies.compose import _environment, warm_up_drafting


def test_warm_up_compiles_every_reply_template() -> None:
    env = _environment()
    warm_up_drafting()
    assert env.cache is not None
    cached = {name for (_, name) in env.cache}
    assert cached == set(env.list_templates())

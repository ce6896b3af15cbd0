"""The served JSON: orjson (the serve extra) and the standard library write the same values."""

from __future__ import annotations

import json

from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI

from simulacra.serve import app as serve_app
from simulacra.serve import build_state


def test_orjson_and_the_standard_library_give_the_same_rows(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    state = build_state(plan_of(SHOP_MINI))
    rows = {t: state.store.rows(t, state.store.select(t), []) for t in state.model.tables}
    assert serve_app._orjson is not None  # the dev extra installs it
    fast = serve_app._dumps(rows)
    monkeypatch.setattr(serve_app, "_orjson", None)
    plain = serve_app._dumps(rows)
    assert json.loads(fast) == json.loads(plain) == rows
    assert serve_app._dumps(rows) == plain  # the same input, the same bytes
    assert any(isinstance(r["active"], bool) for r in rows["customers"])

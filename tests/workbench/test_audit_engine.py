"""Audit entries against the real engine: written without a refresh, yet every one is read back."""

from __future__ import annotations

import pytest

from workbench import audit
from workbench.auth import User
from workbench.backend import Backend

pytestmark = pytest.mark.integration


def test_every_unrefreshed_entry_is_read_back(engine):
    be = Backend(engine)
    ana = User("ana", "viewer")
    for n in range(25):
        audit.record(be, ana, "search", f"q=modelos&page={n}", f"{n} hits")
    entries = audit.query(be, user="ana", action="search")  # no refresh by the caller
    assert len(entries) == 25
    assert {e["target"] for e in entries} == {f"q=modelos&page={n}" for n in range(25)}


def test_put_doc_without_refresh_is_still_readable_by_id(engine):
    engine.put_doc("audit", "e1", {"at": "2024-01-02T00:00:00+00:00", "user": "ana", "action": "view"}, refresh=False)
    assert engine.get_doc("audit", "e1")["user"] == "ana"  # get by id is real-time
    engine.refresh_store("audit")
    assert engine.search_docs("audit", {"query": {"term": {"action": "view"}}})[0]["user"] == "ana"


def test_refresh_store_before_the_store_exists_is_harmless(engine):
    engine.refresh_store("audit")
    assert audit.query(Backend(engine)) == []


def test_entries_of_one_second_keep_their_order(engine):
    be = Backend(engine)
    ana = User("ana", "viewer")
    for action in ("login", "search", "view"):
        audit.record(be, ana, action)
    assert [e["action"] for e in audit.query(be)] == ["view", "search", "login"]  # newest first

"""The cases store on the real engine: versioned index behind an alias, optimistic concurrency, filters."""

from __future__ import annotations

import pytest

from index import aliases
from index import cases as C

pytestmark = pytest.mark.integration


def _case(case_id: str, **extra) -> dict:
    doc = {C.ID: case_id, C.NAME: f"Case {case_id}", C.STATUS: "open", C.ASSIGNEES: [], C.ADS: [],
           C.RECRUITERS: [], C.RECRUITER_KEYS: [], C.NOTES: [], C.HISTORY: [],
           C.CREATED_AT: "2026-01-01T00:00:00+00:00", C.UPDATED_AT: "2026-01-01T00:00:00+00:00"}
    return doc | extra


def test_cases_mapping_is_built_from_the_field_names():
    props = C.cases_mapping()["properties"]
    assert props[C.STATUS] == {"type": "keyword", "ignore_above": 1024}
    assert props[C.UPDATED_AT] == {"type": "date"} and props[C.NOTES] == {"type": "object", "enabled": False}
    assert props[C.NAME]["fields"]["raw"]["type"] == "keyword"
    assert C.cases_mapping()["dynamic"] is False


def test_cases_index_is_versioned_behind_an_alias(engine):
    store = C.CaseStore(engine)
    assert store.ensure() == f"{engine.prefix}-cases-v1"
    assert aliases.alias_targets(engine.engine, f"{engine.prefix}-cases") == [f"{engine.prefix}-cases-v1"]
    assert store.ensure() == f"{engine.prefix}-cases-v1"  # idempotent
    assert store.create(_case("c1"))
    assert store.move_to(2) == f"{engine.prefix}-cases-v2"
    assert aliases.alias_targets(engine.engine, store.alias) == [f"{engine.prefix}-cases-v2"]
    assert store.get("c1")[0][C.NAME] == "Case c1"


def test_cases_write_only_over_the_version_read(engine):
    store = C.CaseStore(engine)
    assert store.create(_case("c1"))
    assert not store.create(_case("c1"))  # the id is taken: never overwritten
    doc, version = store.get("c1")
    assert store.put_if(doc | {C.STATUS: "active"}, version)
    assert not store.put_if(doc | {C.STATUS: "closed"}, version)  # a stale version loses
    assert store.get("c1")[0][C.STATUS] == "active"
    assert store.get("nope") == (None, None)


def test_cases_search_filters_by_status_ad_recruiter_and_assignee(engine):
    store = C.CaseStore(engine)
    store.create(_case("c1", ads=["ad-1"], assignees=["ana"], updated_at="2026-01-02T00:00:00+00:00"))
    store.create(_case("c2", status="closed", recruiter_keys=[C.recruiter_key("whatsapp", "+573005550100")]))
    assert [c[C.ID] for c in store.search()] == ["c1", "c2"]  # most recently updated first
    assert [c[C.ID] for c in store.search(status="closed")] == ["c2"]
    assert [c[C.ID] for c in store.search(ad_id="ad-1")] == ["c1"]
    assert [c[C.ID] for c in store.search(assignee="ana")] == ["c1"]
    assert [c[C.ID] for c in store.search(recruiter="whatsapp:+573005550100")] == ["c2"]

"""Bulk writes against a fake transport: 429 retries with backoff, per-item failures, dead letters.

A fake is fine here only: the real engine cannot be made to answer 429 on demand.
The same logic is exercised against the real node in test_index_engine.py.
"""

from __future__ import annotations

import json

import pytest

from index.bulk import BulkResult, bulk_update, bulk_upsert, doc_id
from index.client import RequestError


class FakeBulk:
    """Answers bulk requests from a script: a list of status lists, one per call."""

    def __init__(self, script: list[list[int]] | list) -> None:
        self.script = list(script)
        self.calls: list[list[dict]] = []

    def __call__(self, ops: list[dict]) -> dict:
        self.calls.append(ops)
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        items = []
        for status in step:
            out = {"status": status}
            if status >= 300:
                out["error"] = {"type": "es_rejected_execution_exception" if status == 429 else "mapper_parsing_exception",
                                "reason": "busy" if status == 429 else "bad score"}
            items.append({"update": out})
        return {"errors": any(s >= 300 for s in step), "items": items}


def _docs(n: int) -> list[dict]:
    return [{"canonical_url": f"https://x.test/{i}", "title": f"ad {i}"} for i in range(n)]


def test_doc_id_is_sha1_of_canonical_url():
    assert doc_id("a") == "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8"


def test_429_items_are_retried_with_exponential_backoff():
    fake = FakeBulk([[201, 429, 429], [429, 200], [200]])
    sleeps: list[float] = []
    result = bulk_upsert(fake, "ads", _docs(3), backoff=0.5, max_retries=5, sleep=sleeps.append)
    assert result == BulkResult(indexed=3, failed=0, retried=3, errors=[])
    assert sleeps == [0.5, 1.0]
    # Retries resend only the rejected items, with their deterministic ids.
    assert [op["update"]["_id"] for op in fake.calls[1][::2]] == [doc_id("https://x.test/1"), doc_id("https://x.test/2")]
    assert [op["update"]["_id"] for op in fake.calls[2][::2]] == [doc_id("https://x.test/1")]
    assert fake.calls[0][1]["doc"]["id"] == doc_id("https://x.test/0")


def test_bulk_upsert_sends_partial_upserts_that_keep_unsent_fields():
    fake = FakeBulk([[201]])
    bulk_upsert(fake, "ads", [{"id": "a", "title": "t", "salary_raw": None}])
    # update + doc_as_upsert: the engine merges, so labels the crawler never sends are kept;
    # None is sent as null so a value the ad lost is cleared.
    assert fake.calls[0] == [{"update": {"_index": "ads", "_id": "a", "retry_on_conflict": 3}},
                             {"doc": {"id": "a", "title": "t", "salary_raw": None}, "doc_as_upsert": True}]


def test_retries_are_bounded_then_dead_lettered(tmp_path):
    fake = FakeBulk([[429], [429], [429]])
    dead = tmp_path / "dead.jsonl"
    result = bulk_upsert(fake, "ads", _docs(1), max_retries=2, backoff=0.1, dead_letter=dead, sleep=lambda s: None)
    assert (result.indexed, result.failed, result.retried) == (0, 1, 2)
    line = json.loads(dead.read_text())
    assert line["status"] == 429 and "busy" in line["reason"] and line["doc"]["title"] == "ad 0"


def test_failed_item_goes_to_dead_letter_others_indexed(tmp_path):
    dead = tmp_path / "d" / "dead.jsonl"
    result = bulk_upsert(FakeBulk([[201, 400, 201]]), "ads", _docs(3), dead_letter=dead)
    assert (result.indexed, result.failed) == (2, 1)
    assert result.errors[0]["id"] == doc_id("https://x.test/1")
    assert result.errors[0]["reason"] == "mapper_parsing_exception: bad score"
    assert len(dead.read_text().splitlines()) == 1


def test_whole_request_429_is_retried_other_errors_raise():
    fake = FakeBulk([RequestError(429, "too many requests"), [200, 200]])
    result = bulk_upsert(fake, "ads", _docs(2), sleep=lambda s: None)
    assert (result.indexed, result.retried) == (2, 2)
    with pytest.raises(RequestError):
        bulk_upsert(FakeBulk([RequestError(500, "boom")]), "ads", _docs(1))


def test_chunking_and_docs_without_url():
    fake = FakeBulk([[200, 200], [200]])
    result = bulk_upsert(fake, "ads", [*_docs(3), {"title": "no url"}], chunk_size=2)
    assert len(fake.calls) == 2 and result.indexed == 3 and result.failed == 1
    assert "canonical_url" in result.errors[0]["reason"]


def test_bulk_update_sends_partial_docs():
    fake = FakeBulk([[200, 404]])
    result = bulk_update(fake, "ads", {"a": {"last_seen": "2024-01-01"}, "b": {"status": "gone"}})
    assert fake.calls[0] == [{"update": {"_index": "ads", "_id": "a", "retry_on_conflict": 3}},
                             {"doc": {"last_seen": "2024-01-01"}},
                             {"update": {"_index": "ads", "_id": "b", "retry_on_conflict": 3}},
                             {"doc": {"status": "gone"}}]
    assert (result.indexed, result.failed) == (1, 1) and result.errors[0]["id"] == "b"

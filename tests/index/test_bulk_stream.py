"""Bulk writes take their documents chunk by chunk, and still spool every one the engine could not take.

``bulk_upsert`` no longer builds every action before the first request (holding
them all cost the client ~20% in garbage collection, benchmarks/bulk_speed.py):
a generator of documents is drawn one chunk ahead of the engine, and when the
engine stops answering, the chunk in hand and everything not yet drawn go to
the spool in their order. A scripted ``send`` as in test_bulk_retry.py (the real
engine cannot be made to vanish between two chunks on demand); the spool is real.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from anzuelo.errors import EngineError
from index.bulk import bulk_upsert, doc_id
from index.spool import Spool


def test_bulk_stream_draws_docs_per_chunk_and_spools_the_rest_in_order(tmp_path):
    events: list[str] = []
    docs = [{"canonical_url": f"https://x.test/{i}", "title": f"oferta {i}"} for i in range(7)]
    docs[5] = {"title": "sin URL"}  # not yet drawn when the engine goes away: still failed, not spooled

    def stream() -> Iterator[dict]:
        for i, doc in enumerate(docs):
            events.append(f"draw {i}")
            yield doc

    def send(ops: list[dict]) -> dict:
        events.append(f"send {len(ops) // 2}")
        if len([e for e in events if e.startswith("send")]) > 1:
            raise EngineError("no search engine answers at http://127.0.0.1:9", "start it")
        return {"errors": False, "items": [{"update": {"status": 200}} for _ in range(len(ops) // 2)]}

    spool = Spool(tmp_path / "spool")
    result = bulk_upsert(send, "ads", stream(), chunk_size=2, spool=spool)

    # one chunk drawn, sent, then the next: never every document first
    assert events[:4] == ["draw 0", "draw 1", "send 2", "draw 2"]
    assert (result.indexed, result.failed) == (2, 1)
    assert "an ad needs 'id' or 'canonical_url'" in result.errors[0]["reason"]
    spooled = [doc_id(f"https://x.test/{i}") for i in (2, 3, 4, 6)]
    assert list(result.spooled) == spooled and set(result.spooled.values()) == {"unreachable"}
    records = [r for path in spool.segments() for r in spool.read(path)[0]]
    assert [r.id for r in records] == spooled and {r.op for r in records} == {"upsert"}


def test_bulk_stream_without_spool_raises_at_the_first_unanswered_chunk():
    sent: list[int] = []

    def send(ops: list[dict]) -> dict:
        sent.append(len(ops) // 2)
        raise EngineError("no search engine answers at http://127.0.0.1:9", "start it")

    docs = ({"canonical_url": f"https://x.test/{i}"} for i in range(10))
    with pytest.raises(EngineError, match="no search engine answers"):
        bulk_upsert(send, "ads", docs, chunk_size=4)
    assert sent == [4]

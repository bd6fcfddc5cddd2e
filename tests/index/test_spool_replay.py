"""Spool and replay against the real engine: order, idempotence, torn records, 429 and a dead engine."""

from __future__ import annotations

import pytest
from opensearchpy import OpenSearch

from anzuelo.engine.net import free_port
from index import doc_id
from index.bulk import bulk_upsert
from index.client import Engine
from index.replay import replay, replay_index
from index.spool import Record, Spool

pytestmark = pytest.mark.integration


def _ad(i: int, title: str | None = None) -> dict:
    url = f"https://ofertas.test/ad/{i}"
    return {"canonical_url": url, "url": url, "source": "spooltest", "title": title or f"Modelos {i}",
            "text": "Se busca chicas para trabajo en el exterior, pasaje pagado.", "status": "online"}


def _dead_engine(alive: Engine) -> Engine:
    """A real client aimed at a closed port (nothing listens there): the engine is down."""
    url = f"http://127.0.0.1:{free_port()}"
    return Engine(url, OpenSearch(hosts=[url], timeout=2, max_retries=0), alive.info)


def _block(engine, on: bool) -> None:
    # The flood-stage disk block: the engine answers every write with 429 until it is lifted.
    engine.engine.request("PUT", f"/{engine.ads_index_name()}/_settings",
                          body={"index.blocks.read_only_allow_delete": True if on else None})


def test_engine_down_spools_then_replay_indexes_every_doc_once_in_order(engine, tmp_path):
    engine.ensure_ads_index()
    spool = Spool(tmp_path / "spool")
    dead = _dead_engine(engine.engine)
    first = bulk_upsert(dead.bulk, engine.ads_alias, [_ad(i) for i in range(7)], chunk_size=3, spool=spool)
    # the same ad changed again before the engine came back: the later version must win
    second = bulk_upsert(dead.bulk, engine.ads_alias, [_ad(3, "Modelos 3 (editado)")], spool=spool)
    assert first.indexed == first.failed == 0 and len(first.spooled) == 7
    assert set(first.spooled.values()) == {"unreachable"} and second.spooled == {doc_id(_ad(3)["canonical_url"]): "unreachable"}
    assert spool.status().records == 8 and engine.count() == 0

    result = replay_index(engine, spool)
    engine.refresh()
    assert (result.replayed, result.failed, result.torn, result.remaining, result.stopped) == (8, 0, 0, 0, None)
    assert engine.count() == 7
    assert engine.get_ad(doc_id(_ad(3)["canonical_url"]))["title"] == "Modelos 3 (editado)"
    assert spool.segments() == [] or all(p.stat().st_size == 0 for p in spool.segments())


def test_replaying_the_same_records_twice_keeps_one_doc_and_investigators_labels(engine, tmp_path):
    engine.ensure_ads_index()
    spool = Spool(tmp_path)
    records = [Record("upsert", engine.ads_alias, doc_id(a["canonical_url"]), {"id": doc_id(a["canonical_url"]), **a})
               for a in (_ad(1), _ad(2))]
    spool.append(records)
    assert replay(spool, engine.engine.bulk).replayed == 2
    ad1 = doc_id(_ad(1)["canonical_url"])
    engine.update_partial(ad1, {"labels": [{"label": "lure", "user": "ana"}]})
    spool.append(records)  # e.g. a replay that crashed after the engine wrote, before the cursor moved
    assert replay(spool, engine.engine.bulk).replayed == 2
    engine.refresh()
    assert engine.count() == 2
    again = engine.get_ad(ad1)
    assert again["title"] == "Modelos 1" and again["labels"] == [{"label": "lure", "user": "ana"}]


def test_replay_skips_and_counts_a_torn_record_and_indexes_the_rest(engine, tmp_path):
    engine.ensure_ads_index()
    spool = Spool(tmp_path)
    dead = _dead_engine(engine.engine)
    bulk_upsert(dead.bulk, engine.ads_alias, [_ad(1), _ad(2)], spool=spool)
    (seg,) = spool.segments()
    with open(seg, "ab") as fh:  # a crawl killed mid-write
        fh.write(b'1234abcd {"op":"upsert","index":"x","id":"half')
    bulk_upsert(dead.bulk, engine.ads_alias, [_ad(3)], spool=spool)
    assert spool.status().torn == 1 and spool.status().records == 3
    result = replay_index(engine, spool)
    engine.refresh()
    assert (result.replayed, result.torn, result.remaining) == (3, 1, 0) and engine.count() == 3


def test_429_after_retries_spools_and_replay_waits_until_the_engine_takes_writes(engine, tmp_path):
    engine.ensure_ads_index()
    spool = Spool(tmp_path)
    dead_letter = tmp_path / "dead.jsonl"
    _block(engine, True)
    try:
        result = bulk_upsert(engine.engine.bulk, engine.ads_alias, [_ad(i) for i in range(4)], max_retries=1,
                             backoff=0.01, dead_letter=dead_letter, spool=spool)
        assert result.failed == 0 and set(result.spooled.values()) == {"429"} and len(result.spooled) == 4
        assert result.retried == 4 and not dead_letter.exists()  # spooled, not dead-lettered
        early = replay(spool, engine.engine.bulk, max_retries=0)
        assert early.stopped == "429" and early.replayed == 0 and early.remaining == 4
    finally:
        _block(engine, False)
    late = replay(spool, engine.engine.bulk)
    engine.refresh()
    assert (late.replayed, late.remaining, late.stopped) == (4, 0, None) and engine.count() == 4
    assert spool.status().reasons == {}


def test_replay_stops_at_a_dead_engine_and_keeps_every_record(engine, tmp_path):
    engine.ensure_ads_index()
    spool = Spool(tmp_path)
    dead = _dead_engine(engine.engine)
    bulk_upsert(dead.bulk, engine.ads_alias, [_ad(i) for i in range(3)], spool=spool)
    result = replay(spool, dead.bulk)
    assert (result.stopped, result.replayed, result.remaining) == ("unreachable", 0, 3)
    assert replay(spool, engine.engine.bulk).replayed == 3

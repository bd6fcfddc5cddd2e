"""The spool on disk: records in order, checksums, torn lines after a crash, segments, locks."""

from __future__ import annotations

import os

from index.replay import batches
from index.spool import Record, Spool, parse_line


def _rec(i: int, ad: str | None = None, reason: str = "unreachable") -> Record:
    return Record("upsert", "t-ads", ad or f"ad{i}", {"id": ad or f"ad{i}", "title": f"oferta {i}"}, reason)


def test_spool_append_reads_back_in_order_after_reopen(tmp_path):
    Spool(tmp_path / "sp").append([_rec(i) for i in range(5)])
    Spool(tmp_path / "sp").append([_rec(i) for i in range(5, 8)])
    spool = Spool(tmp_path / "sp")  # a new process: only what is on disk counts
    (seg,) = spool.segments()
    records, torn = spool.read(seg)
    assert [r.id for r in records] == [f"ad{i}" for i in range(8)] and torn == 0
    assert records[0].doc == {"id": "ad0", "title": "oferta 0"} and records[0].op == "upsert"
    assert records[0].index == "t-ads" and records[0].at  # time stamped when spooled
    assert records[-1].end == seg.stat().st_size  # offsets let a replay resume after a record


def test_spool_torn_last_line_is_skipped_counted_and_does_not_swallow_the_next(tmp_path):
    spool = Spool(tmp_path)
    spool.append([_rec(0), _rec(1)])
    (seg,) = spool.segments()
    whole = _rec(2).line()
    with open(seg, "ab") as fh:  # a process killed in the middle of its write
        fh.write(whole[: len(whole) // 2])
    records, torn = spool.read(seg)
    assert [r.id for r in records] == ["ad0", "ad1"] and torn == 1
    spool.append([_rec(3)])  # the next writer closes the torn line first
    records, torn = spool.read(seg)
    assert [r.id for r in records] == ["ad0", "ad1", "ad3"] and torn == 1
    assert spool.status().records == 3 and spool.status().torn == 1


def test_spool_checksum_mismatch_and_garbage_are_torn_not_errors(tmp_path):
    good = _rec(1).line()
    flipped = good.replace(b"oferta 1", b"oferta 9")  # same length, one byte changed
    assert parse_line(good.rstrip(b"\n")) is not None
    assert parse_line(flipped.rstrip(b"\n")) is None
    for junk in (b"", b"zz", b"\x00\xff garbage", b"00000000 {}", b"%08x [1,2]" % 0):
        assert parse_line(junk) is None
    seg = tmp_path / "seg-000001.log"
    seg.write_bytes(good + flipped + b"\x00\x00\n" + _rec(2).line())
    records, torn = Spool(tmp_path).read(seg)
    assert [r.id for r in records] == ["ad1", "ad2"] and torn == 2


def test_spool_status_counts_reasons_indexes_and_skips_acknowledged(tmp_path):
    spool = Spool(tmp_path)
    spool.append([_rec(0), _rec(1, reason="429"), _rec(2, reason="429")])
    (seg,) = spool.segments()
    first, _ = spool.read(seg)
    st = spool.status()
    assert (st.records, st.reasons, st.indexes, st.segments) == (3, {"unreachable": 1, "429": 2}, {"t-ads": 3}, 1)
    spool.ack(seg, first[0].end)
    assert spool.status().records == 2 and spool.pending()
    spool.ack(seg, first[-1].end)
    assert spool.status().records == 0 and not spool.pending()


def test_spool_starts_a_new_segment_past_segment_bytes(tmp_path):
    spool = Spool(tmp_path, segment_bytes=300)
    for i in range(6):
        spool.append([_rec(i)])
    segs = spool.segments()
    assert len(segs) >= 3
    ids = [r.id for s in segs for r in spool.read(s)[0]]
    assert ids == [f"ad{i}" for i in range(6)]  # order across segments is write order


def test_spool_writes_are_fsynced_single_appends(tmp_path, monkeypatch):
    calls: list[str] = []
    real_write, real_fsync = os.write, os.fsync
    monkeypatch.setattr(os, "write", lambda fd, b: calls.append("write") or real_write(fd, b))
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    Spool(tmp_path).append([_rec(i) for i in range(50)])
    # the segment's name made durable (folder fsync), then one write of the batch, then its fsync
    assert calls == ["fsync", "write", "fsync"]


def test_spool_replay_lock_is_exclusive(tmp_path):
    spool = Spool(tmp_path)
    with spool.lock("replay") as held:
        assert held
        with Spool(tmp_path).lock("replay", wait=False) as other:
            assert other is False
    with Spool(tmp_path).lock("replay", wait=False) as again:
        assert again


def test_replay_batches_keep_order_and_never_hold_one_id_twice():
    recs = [_rec(0), _rec(1), _rec(0, "ad0"), _rec(2), _rec(3), _rec(4)]
    out = batches(recs, 3)
    assert [[r.id for r in b] for b in out] == [["ad0", "ad1"], ["ad0", "ad2", "ad3"], ["ad4"]]
    assert [r for b in out for r in b] == recs

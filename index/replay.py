"""Replaying the spool (``index.spool``) into the engine: in order, idempotent, acknowledged.

``replay(spool, send)`` seals the active segment (new writes go to a new one
meanwhile), then sends the sealed segments' records oldest first in bulks whose
ids are unique, so two versions of one ad are applied in the order they were
written. A record counts as done only once the engine acknowledged it: the
segment's cursor (``.ack``) is moved past it (fsync'd) and a segment is deleted
when all of it is done. Records carry the doc's own ``_id`` and the crawler's
partial upsert, so sending one twice (a replay cut by a crash after the engine
wrote but before the cursor moved) leaves one ad with the same fields; labels
written meanwhile by investigators are kept, which an ``index`` op would wipe.

The replay stops, keeping the cursor, at the first record the engine still
refuses with 429/503 or when it stops answering; the next replay resumes there.
Other refusals (a mapping error) are final: dead-lettered, then done. Torn
lines are skipped and counted. One replay runs at a time per spool (a lock);
``wait=False`` returns at once (``busy``) when another one holds it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from anzuelo.errors import EngineError
from index import fields as F
from index.bulk import (SPOOLED_STATUSES, BulkResult, Item, SendBulk, send_chunk, spool_reason, update_action,
                        write_dead_letters)
from index.spool import Record, Spool


@dataclass
class ReplayResult:
    """``replayed``: acknowledged; ``failed``: refused for good (dead-lettered); ``torn``: skipped lines;
    ``remaining``: records still spooled; ``stopped``: why the replay stopped early (None: drained)."""

    replayed: int = 0
    failed: int = 0
    torn: int = 0
    remaining: int = 0
    stopped: str | None = None
    busy: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def to_item(record: Record) -> Item:
    """The bulk item of one spool record (the same lines ``bulk_upsert``/``bulk_update`` send)."""
    if record.op == "index":
        return (record.id, [{"index": {"_index": record.index, "_id": record.id}}, record.doc], record.doc)
    body: dict[str, Any] = {"doc": record.doc, "doc_as_upsert": True} if record.op == "upsert" else {"doc": record.doc}
    return (record.id, [update_action(record.index, record.id), body], {F.ID: record.id, **record.doc})


def batches(records: list[Record], size: int) -> list[list[Record]]:
    """Consecutive runs of at most ``size`` records with no id twice (so bulk order is write order)."""
    out: list[list[Record]] = []
    batch: list[Record] = []
    ids: set[str] = set()
    for rec in records:
        if len(batch) >= size or rec.id in ids:
            out.append(batch)
            batch, ids = [], set()
        batch.append(rec)
        ids.add(rec.id)
    if batch:
        out.append(batch)
    return out


def replay(spool: Spool, send: SendBulk, *, batch_size: int = 500, max_retries: int = 5, backoff: float = 0.5,
           sleep: Callable[[float], None] = time.sleep, dead_letter: Path | None = None,
           wait: bool = True, progress: Callable[[int], None] | None = None) -> ReplayResult:
    """Send every spooled record to the engine through ``send`` (one bulk request per call).

    ``progress(n)`` is called with the number of records done after each bulk.
    """
    result = ReplayResult()
    with spool.lock("replay", wait) as held:
        if not held:
            result.busy = True
            return result
        for path in _seal(spool):
            records, torn = spool.read(path, spool.acked(path))
            result.torn += torn
            for batch in batches(records, max(1, batch_size)):
                done = _send(send, batch, max_retries, backoff, sleep, result, dead_letter)
                if done:
                    spool.ack(path, done[-1].end)
                    if progress is not None:
                        progress(len(done))
                if len(done) < len(batch):
                    break
            if result.stopped:
                break
            spool.drop(path)
    result.remaining = spool.status().records
    return result


def replay_index(idx: Any, spool: Spool, **options: Any) -> ReplayResult:
    """``replay`` into the engine of ``idx`` (an ``index.Index``) with its bulk settings.

    Every ads alias the records target is created first when missing: a bulk
    write to a missing alias would create a plain index with guessed mappings.
    """
    from index.store import Index

    for alias in spool.status().indexes:
        if alias.endswith("-ads"):
            Index(idx.engine, alias[: -len("-ads")], ads_version=idx.ads_version).ensure_ads_index()
    return replay(spool, idx.engine.bulk, batch_size=idx.bulk_size, max_retries=idx.max_retries,
                  backoff=idx.backoff, **options)


def _seal(spool: Spool) -> list[Any]:
    """Segments to replay: all of them, after starting a fresh active segment for new writes."""
    with spool.lock("append"):
        segs = spool.segments()
        if segs and segs[-1].stat().st_size > spool.acked(segs[-1]):
            spool.new_segment()
            return segs
        # the last segment is empty: it stays the active one (writers may be about to append)
        return segs[:-1]


def _send(send: SendBulk, batch: list[Record], max_retries: int, backoff: float,
          sleep: Callable[[float], None], result: ReplayResult, dead_letter: Path | None) -> list[Record]:
    """Send one batch; the records done (acknowledged or refused for good), a prefix of ``batch``."""
    try:
        answer: BulkResult = send_chunk(send, [to_item(r) for r in batch], max_retries, backoff, sleep)
    except EngineError as exc:
        result.stopped = spool_reason(exc) or f"engine error: {exc}"
        return []
    errors = {e["id"]: e for e in answer.errors}
    done: list[Record] = []
    final: list[dict[str, Any]] = []
    for rec in batch:
        err = errors.get(rec.id)
        if err is not None and err.get("status") in SPOOLED_STATUSES:
            result.stopped = str(err["status"])  # still overloaded: resume here next time, in order
            break
        if err is not None:
            err.pop("item", None)
            final.append(err)
            result.failed += 1
        else:
            result.replayed += 1
        done.append(rec)
    if final and dead_letter is not None:
        write_dead_letters(dead_letter, final)
    return done

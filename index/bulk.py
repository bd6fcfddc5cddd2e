"""Bulk writes of ads: deterministic ids, per-item errors, 429 retries, dead letters.

Ads are written as partial upserts (``update`` with ``doc`` and
``doc_as_upsert``): the engine merges the fields sent into the stored ad and
keeps the rest, so what the crawler never sends (investigators' labels, a
``first_seen`` the crawl does not know) survives re-indexing. To clear a field
send it as ``None``. Concurrent writers (a label while a crawl re-indexes) are
reconciled by the engine with ``retry_on_conflict``.

A bulk response with HTTP 200 can still hold failed items, so every item is
checked. Items rejected with 429 (the engine is overloaded) are retried with
exponential backoff; other failures (a mapping error, say) are final and are
appended to a dead-letter JSONL file with the reason and the document, so
nothing is lost silently and the rest of the batch is still indexed.

Given a ``spool`` (``index.spool.Spool``), what the engine could not take for
now is spooled instead of failed: items still rejected with 429 or 503 after
the retries, and whole chunks when the engine does not answer (reason
``unreachable``) or refuses the request with 429/503; once one chunk found the
engine unreachable the remaining chunks are spooled without trying.
``index.replay`` sends them again when the engine is back.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from anzuelo.errors import EngineError
from index import fields as F
from index.client import RequestError
from index.spool import REASON_UNREACHABLE, Record, Spool

#: Sends one bulk request (a list of action/source dicts) and returns the response.
SendBulk = Callable[[list[dict]], dict]


def doc_id(canonical_url: str) -> str:
    """Engine ``_id`` (and ``id`` field) of an ad: sha1 hex of its canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()


@dataclass
class BulkResult:
    """Outcome of ``bulk_upsert``. ``errors``: one dict per failed doc (id, status, reason, doc)."""

    indexed: int = 0
    failed: int = 0
    retried: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: id -> reason (``unreachable``, ``429``, ``503``) of each doc written to the spool instead
    spooled: dict[str, str] = field(default_factory=dict)

    def add(self, other: BulkResult) -> None:
        """Accumulate ``other`` into this result."""
        self.indexed += other.indexed
        self.failed += other.failed
        self.retried += other.retried
        self.errors.extend(other.errors)
        self.spooled.update(other.spooled)


def prepare(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with its ``id`` set from the canonical URL (or URL) when missing."""
    if doc.get(F.ID):
        return doc
    url = doc.get(F.CANONICAL_URL) or doc.get(F.URL)
    if not url:
        raise ValueError("an ad needs 'id' or 'canonical_url' to be indexed")
    return {**doc, F.ID: doc_id(str(url))}


#: How often the engine re-applies an update that lost a race with another writer.
RETRY_ON_CONFLICT = 3
#: Statuses meaning "not now" (overloaded, unavailable): spooled for a replay, never dead-lettered.
SPOOLED_STATUSES = frozenset({429, 503})


def update_action(index: str, ad_id: str) -> dict:
    return {"update": {"_index": index, "_id": ad_id, "retry_on_conflict": RETRY_ON_CONFLICT}}


def bulk_upsert(send: SendBulk, index: str, docs: Iterable[dict[str, Any]], *, chunk_size: int = 500,
                max_retries: int = 5, backoff: float = 0.5, dead_letter: Path | None = None,
                sleep: Callable[[float], None] = time.sleep, spool: Spool | None = None) -> BulkResult:
    """Create ``docs`` in ``index``, or merge them into the stored ads, in chunks of ``chunk_size``.

    Fields absent from a doc keep their stored value; ``None`` clears one.

    ``send`` performs one bulk request (``Engine.bulk`` in production, a fake in
    unit tests). Returns counts and the failed items; failed items are also
    appended to ``dead_letter`` when given. With ``spool``, docs the engine could
    not take for now (down, 429, 503) are spooled (``result.spooled``), not failed.
    """
    result = BulkResult()
    return _run(send, _upsert_items(index, docs, result), result, chunk_size, max_retries, backoff, sleep,
                dead_letter, spool)


def _upsert_items(index: str, docs: Iterable[dict[str, Any]], result: BulkResult) -> Iterator[Item]:
    """Bulk items of ``docs``, made as chunks are sent (docs without a URL are failed in ``result``)."""
    for doc in docs:
        try:
            doc = prepare(doc)
        except ValueError as exc:
            _fail(result, {"id": None, "status": 400, "reason": str(exc), "doc": doc})
            continue
        yield doc[F.ID], [update_action(index, doc[F.ID]), {"doc": doc, "doc_as_upsert": True}], doc


def bulk_update(send: SendBulk, index: str, partials: Mapping[str, dict[str, Any]], *, chunk_size: int = 500,
                max_retries: int = 5, backoff: float = 0.5, dead_letter: Path | None = None,
                sleep: Callable[[float], None] = time.sleep) -> BulkResult:
    """Partial updates ``{id: {field: value}}`` in bulk; a missing id is a failed item (404)."""
    items: list[Item] = [(i, [update_action(index, i), {"doc": p}], {F.ID: i, **p})
                          for i, p in partials.items()]
    return _run(send, items, BulkResult(), chunk_size, max_retries, backoff, sleep, dead_letter)


#: (id, action + source lines, what a dead letter records)
Item = tuple[str, list[dict], dict[str, Any]]


def _run(send: SendBulk, items: Iterable[Item], result: BulkResult, chunk_size: int, max_retries: int,
         backoff: float, sleep: Callable[[float], None], dead_letter: Path | None,
         spool: Spool | None = None) -> BulkResult:
    # Chunks are taken from ``items`` as they are sent, never all built first: holding every
    # action of a large write at once made the garbage collector cost about a fifth of the client's time
    # (benchmarks/bulk_speed.py; BENCHMARKS.md "Bulk indexing").
    size = max(1, chunk_size)
    pending = iter(items)
    while chunk := list(islice(pending, size)):
        try:
            done = send_chunk(send, chunk, max_retries, backoff, sleep)
        except EngineError as exc:
            reason = spool_reason(exc)
            if spool is None or reason is None:
                raise
            # Not answering (or refusing every write): keep the rest for a replay, in order.
            _spool(spool, chunk + list(pending), reason, result)
            break
        if spool is not None:
            later = [e for e in done.errors if e.get("status") in SPOOLED_STATUSES and e.get("item")]
            spooled = {id(e) for e in later}
            done.errors = [e for e in done.errors if id(e) not in spooled]
            done.failed -= len(later)
            for err in later:
                _spool(spool, [err["item"]], str(err["status"]), done)
        result.add(done)
    for err in result.errors:
        err.pop("item", None)
    if dead_letter is not None and result.errors:
        write_dead_letters(dead_letter, result.errors)
    return result


def send_chunk(send: SendBulk, items: list[Item], max_retries: int, backoff: float,
                sleep: Callable[[float], None]) -> BulkResult:
    result = BulkResult()
    pending = items
    attempt = 0
    while pending:
        ops = [line for _, lines, _ in pending for line in lines]
        try:
            response = send(ops)
        except RequestError as exc:
            # The whole request refused as overloaded: retry every item like a per-item 429.
            if exc.status != 429 or attempt >= max_retries:
                raise
            response = {"items": [{"update": {"status": 429, "error": str(exc)}} for _ in pending]}
        retry: list[Item] = []
        for item, answer in zip(pending, response.get("items", []), strict=True):
            outcome = next(iter(answer.values()))
            status = int(outcome.get("status", 500))
            if status < 300:
                result.indexed += 1
            elif status == 429 and attempt < max_retries:
                retry.append(item)
            else:
                _fail(result, {"id": item[0], "status": status, "reason": _reason(outcome), "doc": item[2],
                               "item": item})
        if retry:
            result.retried += len(retry)
            # Exponential backoff: the engine said it is overloaded; give it time.
            sleep(backoff * (2 ** attempt))
            attempt += 1
        pending = retry
    return result


def spool_reason(exc: Exception) -> str | None:
    """Spool reason of a whole-request failure (``unreachable``, ``429``, ``503``), None when final."""
    if isinstance(exc, RequestError):
        return str(exc.status) if exc.status in SPOOLED_STATUSES else None
    return REASON_UNREACHABLE if isinstance(exc, EngineError) else None


def to_record(item: Item, reason: str) -> Record:
    """The spool record of one bulk item (its action line says the op, index and id)."""
    kind, meta = next(iter(item[1][0].items()))
    body = item[1][1]
    if kind == "index":
        return Record("index", meta["_index"], meta["_id"], body, reason)
    op = "upsert" if body.get("doc_as_upsert") else "update"
    return Record(op, meta["_index"], meta["_id"], body["doc"], reason)


def _spool(spool: Spool, items: list[Item], reason: str, result: BulkResult) -> None:
    spool.append([to_record(item, reason) for item in items])
    result.spooled.update({item[0]: reason for item in items})


def _fail(result: BulkResult, error: dict[str, Any]) -> None:
    result.failed += 1
    result.errors.append(error)


def _reason(outcome: dict[str, Any]) -> str:
    err = outcome.get("error")
    if isinstance(err, dict):
        text = f"{err.get('type', 'error')}: {err.get('reason', '')}"
        cause = err.get("caused_by")
        if isinstance(cause, dict) and cause.get("reason"):
            text += f" (caused by {cause.get('type', '')}: {cause['reason']})"
        return text
    return str(err or f"status {outcome.get('status')}")


def write_dead_letters(path: Path, errors: list[dict[str, Any]]) -> None:
    """Append failed items as JSON lines: ``{at, id, status, reason, doc}``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with open(path, "a", encoding="utf-8") as out:
        for err in errors:
            out.write(json.dumps({"at": at, **err}, ensure_ascii=False, default=str) + "\n")

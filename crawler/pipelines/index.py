"""IndexPipeline: bulk-write scored ads to the engine's write alias.

Settings: ``ANZUELO_INDEX_ENABLED`` (False -> NotConfigured, ``--no-index``),
``ANZUELO_ENGINE_URL``, ``ANZUELO_INDEX_PREFIX``, ``ANZUELO_INDEX_BULK_SIZE``,
``ANZUELO_INDEX_FLUSH_WAIT`` (seconds before a partial bulk is sent).
Bulks run one at a time, in order, in a thread of this crawl's own
(``crawler.pipelines.batching.WorkerPool``), never behind the scoring backlog,
and a partial bulk is sent ``INDEX_FLUSH_WAIT`` seconds after its oldest ad
arrived, so a scored ad is searchable within about ``INDEX_FLUSH_WAIT`` + two
bulk writes + the engine's refresh interval (1 s). Items are passed on at once
(indexing never holds the crawl). Rejected documents go to ``<state>/dead-letter/<source>.jsonl``.
Documents the engine cannot take for now (it does not answer, or still answers
429/503 after the retries) go to the durable spool (``ANZUELO_SPOOL_DIR``, default
``<state>/spool``; ``index.spool``), replayed at the next crawl's start, at each
schedule tick and by ``anzuelo spool replay``; they count as written for the
seen-store (a lost spool is caught by the next crawl's engine lookup).
The model version of every ad written is recorded in the seen-store (``""`` when
unscored), so the next scoring crawl knows which unchanged ads still need a score.
Stats: ``anzuelo/index/indexed``, ``anzuelo/index/failed``, ``anzuelo/index/retried``,
``anzuelo/index/spooled`` and ``anzuelo/index/spooled/<reason>`` (``unreachable``, ``429``, ``503``),
``anzuelo/index/seconds`` (wall time of the bulk calls, summed; the crawl summary's ``index_seconds``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.pipelines.batching import Batcher, WorkerPool
from crawler.pipelines.common import doc_id, setting, source_name, state_dir
from crawler.pipelines.engine import open_client
from crawler.pipelines.timing import StageTimer
from crawler.state import SeenStore, open_seen_store
from index import fields as F
from index.bulk import bulk_upsert
from index.spool import Spool

#: Outcomes of one document's write, as ``_bulk`` reports them to ``_done``.
INDEXED, SPOOLED, FAILED = "indexed", "spooled", "failed"

logger = logging.getLogger(__name__)


def to_doc(ad: dict[str, Any]) -> dict[str, Any]:
    """The engine document of an ad: its fields plus the id; private keys left out.

    Written as a partial upsert (``Index.bulk_upsert``): fields left out keep
    their stored value (labels, first_seen), so ``None`` values are sent as null
    to clear what this version of the ad lost, and score fields the item lacks
    (unscored, or no cities this time) are cleared too.
    """
    doc = {k: v for k, v in ad.items() if not k.startswith("_") and k not in F.PEOPLE_FIELDS}
    for name in F.SCORE_FIELDS:
        doc.setdefault(name, None)
    doc[F.ID] = doc.get(F.ID) or doc_id(ad[F.CANONICAL_URL])
    return doc


def failed_ids(result: Any) -> set[str]:
    """Ids of the documents a BulkResult reports as failed."""
    out: set[str] = set()
    for err in getattr(result, "errors", None) or []:
        if isinstance(err, dict):
            value = err.get("id") or err.get("_id") or (err.get("doc") or {}).get(F.ID)
        else:
            value = getattr(err, "id", None)
        if value:
            out.add(str(value))
    return out


class IndexPipeline:
    """Buffers documents and bulk-upserts them through ``index``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.client: Any = None
        self.dead_letter: Path | None = None
        self.store: SeenStore | None = None
        folder = setting(crawler, "SPOOL_DIR")
        self.spool = Spool(Path(folder) if folder else state_dir(crawler) / "spool",
                           int(setting(crawler, "SPOOL_SEGMENT_BYTES")))
        self.thread = WorkerPool("anzuelo-index", 1)
        self.batcher = Batcher(
            self._bulk,
            int(setting(crawler, "INDEX_BULK_SIZE")),
            float(setting(crawler, "INDEX_FLUSH_WAIT")),
            self.thread,
        )
        self.timer = StageTimer(crawler, "anzuelo/index/seconds")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "IndexPipeline":
        """Read the INDEX settings; NotConfigured when indexing is switched off."""
        if not setting(crawler, "INDEX_ENABLED"):
            raise NotConfigured("indexing switched off (--no-index)")
        return cls(crawler)

    def open_spider(self) -> None:
        """Connect to the engine and make sure the ads index and alias exist."""
        self.client = open_client(self.crawler)
        # the deployment's one seen-store: Redis on workers (claims freed by forget), else sqlite
        self.store = open_seen_store(self.crawler.settings, state_dir(self.crawler))
        folder = state_dir(self.crawler) / "dead-letter"
        folder.mkdir(parents=True, exist_ok=True)
        self.dead_letter = folder / f"{source_name(self.crawler)}.jsonl"

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Queue the ad for the next bulk and pass it on."""
        doc = to_doc(item)
        item[F.ID] = doc[F.ID]
        self.batcher.add(doc).addCallback(self._done, doc)
        return item

    async def close_spider(self) -> None:
        """Send the last partial bulk and wait for every bulk in flight."""
        await self.batcher.close()
        self.thread.stop()  # idle now: every bulk is done
        if self.client is not None:
            try:  # searchable as soon as the crawl ends (summaries and tests count right away)
                self.client.refresh()
            except Exception as exc:  # noqa: BLE001 - engine gone: what it lacks is spooled already
                logger.warning("could not refresh the ads index at the end of the crawl: %s", exc)
            self.client.close()
        if self.store is not None:
            self.store.close()

    # -- results, on the reactor thread ----------------------------------------
    def _done(self, outcome: str, doc: dict[str, Any]) -> None:
        stats = self.crawler.stats
        if outcome == INDEXED:
            stats.inc_value("anzuelo/index/indexed")
            return
        if outcome.startswith(SPOOLED):
            stats.inc_value("anzuelo/index/spooled")
            stats.inc_value(f"anzuelo/index/{outcome}")  # spooled/<reason>
            return
        stats.inc_value("anzuelo/index/failed")
        logger.error("indexing %s failed; see %s", doc.get(F.CANONICAL_URL), self.dead_letter)
        # The seen-store must not claim this version is indexed: the next crawl resends it.
        if self.store is not None:
            self.store.forget([doc[F.CANONICAL_URL]])

    # -- worker thread ------------------------------------------------------------
    def _bulk(self, docs: list[dict[str, Any]]) -> list[str]:
        client = self.client
        try:
            with self.timer:
                result = bulk_upsert(client.engine.bulk, client.ads_alias, docs, chunk_size=client.bulk_size,
                                     max_retries=client.max_retries, backoff=client.backoff,
                                     dead_letter=self.dead_letter, spool=self.spool)
        except Exception:
            logger.exception("bulk write of %d ads failed", len(docs))
            self._write_dead_letter(docs)
            return [FAILED] * len(docs)
        retried = int(getattr(result, "retried", 0) or 0)
        if retried:
            self.crawler.stats.inc_value("anzuelo/index/retried", retried)
        if result.spooled:
            logger.warning("search engine unavailable: %d ads spooled in %s, to be replayed",
                           len(result.spooled), self.spool.folder)
        bad = failed_ids(result)
        if not bad and getattr(result, "failed", 0):
            # Failures without ids: count them all as failed rather than guess.
            return [FAILED] * len(docs)
        out = [f"{SPOOLED}/{result.spooled[d[F.ID]]}" if d[F.ID] in result.spooled
               else FAILED if d[F.ID] in bad else INDEXED for d in docs]
        if self.store is not None:
            self.store.set_model_versions({d[F.CANONICAL_URL]: d.get(F.MODEL_VERSION) or ""
                                           for d, o in zip(docs, out) if o != FAILED})
        return out

    def _write_dead_letter(self, docs: list[dict[str, Any]]) -> None:
        import json

        assert self.dead_letter is not None
        with self.dead_letter.open("a", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps({"doc": doc, "error": "bulk request failed"}, default=str) + "\n")

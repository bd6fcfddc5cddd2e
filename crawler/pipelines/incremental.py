"""IncrementalPipeline: new / changed / unchanged / gone, so unchanged ads cost nothing.

Per ad (batched, off the reactor thread): its engine document is fetched with
one ``mget`` per batch. Unchanged (same ``content_hash``, status online) ->
only ``last_seen`` is refreshed, by a partial update in the engine and in the
seen-store, and the item is dropped (``drop_item/unchanged``, logged at DEBUG)
so it is neither re-scored nor re-indexed. Changed -> passed on keeping
``first_seen``. New -> ``first_seen = last_seen = now``, status online. The
engine is the truth (an engine that lost an ad gets it again); the seen-store
(``crawler.state``) supplies ``first_seen`` when the engine lacks it and
records what each crawl saw.

When the crawl closes with finish_reason ``finished`` (not a SIGTERM), was not
cut by its page budget (stat ``anzuelo/pages/over_limit``), saw at least one
ad and ``ANZUELO_MARK_GONE`` is not False, ads of the source not seen since the
run started are marked ``gone`` (status, gone_at) in engine and store, never
deleted. A resumed run keeps the start time of its first attempt
(``ANZUELO_RUN_STARTED`` from ``crawler.run``). When the engine does not answer
then, the marking is skipped with a WARNING and counted
(``anzuelo/ads/gone_skipped/engine_down``); the seen-store is left as it was, and
the next complete crawl marks gone every online ad of the source it did not see,
these included (the engine is asked for all of them, not for the last run's).

No ad left unscored: in a scoring crawl, an unchanged ad whose indexed copy has
no score (crawled with ``--no-score``) or a score of another model version is
passed on to be scored and re-indexed instead of dropped. The version an ad was
indexed with comes from the seen-store (recorded by the index pipeline), or,
for rows written before versions were recorded, from the engine document the
batch lookup already fetched; the current version is the crawl scorer's.

Several workers (``anzuelo worker``): the seen-store is Redis (``ANZUELO_STATE_URL``) and an ad
about to be scored and indexed is claimed first (url + content hash); a worker that loses the
claim drops it (``drop_item/claimed``), so no ad is scored or indexed twice.

Switched off with indexing (nothing to compare against) or ``ANZUELO_INCREMENTAL=False``.
Stats: ``anzuelo/ads/new``, ``anzuelo/ads/changed``, ``anzuelo/ads/unchanged``, ``anzuelo/ads/gone``,
``anzuelo/ads/rescore/missing`` and ``anzuelo/ads/rescore/other_version`` (unchanged ads re-scored),
``anzuelo/ads/gone_skipped/engine_down`` (gone-marking skipped, engine unavailable).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from anzuelo.errors import EngineError
from crawler.pipelines.batching import Batcher
from crawler.pipelines.common import content_hash, doc_id, drop, now_iso, setting, source_name, state_dir
from crawler.pipelines.engine import open_client
from crawler.state import SeenStore, open_seen_store
from index import fields as F

logger = logging.getLogger(__name__)


class IncrementalPipeline:
    """Classifies each ad against the engine and the seen-store."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store: SeenStore | None = None
        self.client: Any = None
        self.run_started = crawler.settings.get("ANZUELO_RUN_STARTED") or now_iso()
        self.seen_ads = 0
        self.batcher = Batcher(self._lookup, 200, crawler.settings.getfloat("ANZUELO_INCREMENTAL_MAX_WAIT", 1.0))
        self.scoring = bool(setting(crawler, "SCORE_ENABLED"))
        self.model_version: str | None = None  # the crawl scorer's, read once when first needed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "IncrementalPipeline":
        """NotConfigured without indexing or with ``ANZUELO_INCREMENTAL=False``."""
        if not setting(crawler, "INDEX_ENABLED"):
            raise NotConfigured("incremental state needs the index (--no-index given)")
        if not crawler.settings.getbool("ANZUELO_INCREMENTAL", True):
            raise NotConfigured("incremental crawling switched off")
        pipe = cls(crawler)
        crawler.signals.connect(pipe.spider_closed, signal=signals.spider_closed)
        return pipe

    def open_spider(self) -> None:
        """Open the seen-store and the engine client."""
        # sqlite on one machine; Redis (shared by every worker) when ANZUELO_STATE_URL is set
        self.store = open_seen_store(self.crawler.settings, state_dir(self.crawler))
        self.client = open_client(self.crawler)

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Stamp first/last seen and status; drop unchanged ads after refreshing them."""
        assert self.store is not None
        url = item[F.CANONICAL_URL]
        item.setdefault(F.SOURCE, source_name(self.crawler, item))
        item[F.ID] = item.get(F.ID) or doc_id(url)
        item[F.CONTENT_HASH] = item.get(F.CONTENT_HASH) or content_hash(item.get(F.TITLE), item.get(F.TEXT))
        self.seen_ads += 1
        row = self.store.get(url)
        try:
            engine_doc, touched_at = await self.batcher.submit(item)
        except Exception as exc:  # noqa: BLE001 - engine trouble: treat as not indexed, let indexing count it
            self.crawler.stats.inc_value("anzuelo/ads/lookup_failed")
            logger.warning("engine lookup failed for %s (%s): sending the ad again", url, exc)
            engine_doc, touched_at = None, None
        stats = self.crawler.stats
        if touched_at:
            first_seen = engine_doc.get(F.FIRST_SEEN) or touched_at
            self.store.upsert(url, item[F.SOURCE], item[F.CONTENT_HASH], first_seen, touched_at)
            stats.inc_value("anzuelo/ads/unchanged")
            reason = self.rescore_reason(engine_doc, row)
            if reason is None:
                raise drop(self.crawler, "unchanged", f"{url} unchanged since last crawl", "DEBUG")
            # Unchanged text, but its indexed score is missing or stale: score and re-index it.
            stats.inc_value(f"anzuelo/ads/rescore/{reason}")
            self.claim(item)
            item.update({F.FIRST_SEEN: first_seen, F.LAST_SEEN: touched_at, F.STATUS: F.STATUS_ONLINE, F.GONE_AT: None})
            return item
        now = now_iso()
        first_seen = (engine_doc or {}).get(F.FIRST_SEEN) or (row.first_seen if row else None)
        self.claim(item)  # before counting: a claimed ad is another worker's new/changed ad
        stats.inc_value("anzuelo/ads/changed" if first_seen else "anzuelo/ads/new")
        item[F.FIRST_SEEN] = first_seen or now
        item[F.LAST_SEEN] = now
        item[F.STATUS] = F.STATUS_ONLINE
        item[F.GONE_AT] = None  # back online: the index write clears it (labels are kept by the engine)
        self.store.upsert(url, item[F.SOURCE], item[F.CONTENT_HASH], item[F.FIRST_SEEN], now)
        return item

    async def spider_closed(self, spider: Any, reason: str) -> None:
        """Mark ads not seen in a complete crawl as gone; close store and client."""
        try:
            await self.batcher.close()
            # A crawl cut by its page budget never saw the whole source.
            cut = self.crawler.stats.get_value("anzuelo/pages/over_limit", 0)
            mark = self.crawler.settings.getbool("ANZUELO_MARK_GONE", True) and not cut
            if reason == "finished" and mark and self.seen_ads and self.store is not None:
                gone = await maybe_deferred_to_future(deferToThread(self.mark_gone_or_skip, source_name(self.crawler)))
                if gone is not None:
                    self.crawler.stats.set_value("anzuelo/ads/gone", gone)
            else:
                logger.info("crawl ended with %r (page budget cut: %s): not marking unseen ads gone", reason, bool(cut))
        finally:
            if self.store is not None:
                self.store.close()
            if self.client is not None and hasattr(self.client, "close"):
                self.client.close()

    def claim(self, item: dict[str, Any]) -> None:
        """Drop the ad (``drop_item/claimed``) when another worker already took this version of it."""
        assert self.store is not None
        if not self.store.claim(item[F.CANONICAL_URL], item[F.CONTENT_HASH]):
            raise drop(self.crawler, "claimed", f"{item[F.CANONICAL_URL]} taken by another worker", "DEBUG")

    def rescore_reason(self, engine_doc: dict[str, Any], row: Any) -> str | None:
        """Why an unchanged ad must be scored again (``missing`` | ``other_version``), or None."""
        if not self.scoring or not self.model_version:
            return None
        indexed = row.model_version if row is not None and row.model_version is not None else None
        if indexed is None:  # no version recorded (older seen-store): the engine copy tells
            indexed = (engine_doc.get(F.MODEL_VERSION) or "") if engine_doc.get(F.SCORE) is not None else ""
        if not indexed:
            return "missing"
        return None if indexed == self.model_version else "other_version"

    # -- worker thread -------------------------------------------------------------
    def _lookup(self, items: list[dict[str, Any]]) -> list[tuple[dict | None, str | None]]:
        """(engine doc, refreshed-at) per ad; refreshed-at set for unchanged ads."""
        found = engine_docs(self.client, [it[F.ID] for it in items])
        now = now_iso()
        unchanged = {
            it[F.ID] for it in items
            if (doc := found.get(it[F.ID])) and doc.get(F.CONTENT_HASH) == it[F.CONTENT_HASH]
            and doc.get(F.STATUS, F.STATUS_ONLINE) == F.STATUS_ONLINE
        }
        if unchanged:
            touch_last_seen(self.client, sorted(unchanged), now)
            if self.scoring and self.model_version is None:
                self.model_version = self._scorer_version()
        return [(found.get(it[F.ID]), now if it[F.ID] in unchanged else None) for it in items]

    def _scorer_version(self) -> str:
        """Model version of the scorer this crawl scores with ("" when it cannot be loaded)."""
        from crawler.pipelines.score import load_scorer

        try:  # the score pipeline's cached scorer: loaded once per process, whoever asks first
            scorer = load_scorer(self.crawler.settings.get("ANZUELO_SCORER_FACTORY"), setting(self.crawler, "SCORE_MODEL_DIR"))
            version = getattr(scorer, "model_version", None)
            if version is None:  # a scorer from ANZUELO_SCORER_FACTORY may only tell through a score
                version = scorer.score_batch([{"id": "probe", "title": "", "text": "probe"}])[0].model_version
            return str(version or "")
        except Exception as exc:  # noqa: BLE001 - the score pipeline reports it and stops the crawl
            logger.warning("scorer not loaded (%s): unchanged ads are not checked for missing scores", exc)
            return ""

    def mark_gone_or_skip(self, source: str) -> int | None:
        """Ads marked gone, or None when the engine was unavailable (counted, WARNING, retried next crawl)."""
        try:
            return self._mark_gone(source)
        except EngineError as exc:
            self.crawler.stats.inc_value("anzuelo/ads/gone_skipped/engine_down")
            logger.warning("search engine unavailable at the end of the crawl, ads of %s not seen were not marked"
                           " gone; the next complete crawl marks them (%s)", source, exc)
            return None

    def _mark_gone(self, source: str) -> int:
        assert self.store is not None
        keep = [doc_id(u) for u in self.store.seen_since(source, self.run_started)]
        now = now_iso()
        # The engine first: when it is down the store keeps them online too, so both agree.
        count = self.client.mark_gone(source, keep, now=now)
        gone_urls = self.store.mark_gone(source, self.run_started, now)
        logger.info("source %s: %d ads not seen in this crawl marked gone (%d in the seen-store)",
                    source, count, len(gone_urls))
        return count


def engine_docs(client: Any, ids: list[str]) -> dict[str, dict]:
    """id -> stored document for the ids the engine has (whatever shape mget returns)."""
    raw = client.mget(ids)
    if isinstance(raw, dict):
        return {k: v for k, v in raw.items() if v}
    return {i: d for i, d in zip(ids, raw, strict=False) if d}


def touch_last_seen(client: Any, ids: list[str], now: str) -> None:
    """Refresh last_seen of unchanged ads: one bulk of partial updates when offered."""
    client.update_partial_many({i: {F.LAST_SEEN: now} for i in ids})

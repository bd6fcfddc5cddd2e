"""ScorePipeline: score ads in batches with ``nlp.Scorer`` off the reactor thread.

Settings: ``ANZUELO_SCORE_ENABLED`` (False -> NotConfigured), ``ANZUELO_SCORE_MODEL_DIR``,
``ANZUELO_SCORE_BATCH_SIZE``, ``ANZUELO_SCORE_BATCH_MAX_WAIT``, ``ANZUELO_SCORER_FACTORY``
(dotted path of ``f(model_dir) -> scorer``; default ``nlp.Scorer.load``).
Stats: ``anzuelo/score/scored``, ``anzuelo/score/failed``, ``anzuelo/score/batch_failed``.
A batch that raises is scored again ad by ad so one bad ad cannot sink the
others; an ad that still fails is dropped (``drop_item/score_failed``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.pipelines.batching import Batcher
from crawler.pipelines.common import doc_id, drop, now_iso, setting
from index import fields as F

logger = logging.getLogger(__name__)

#: nlp entity key -> ad field its values are merged into.
ENTITY_FIELDS = {
    "phones": F.PHONES,
    "whatsapp": F.WHATSAPP,
    "telegram": F.TELEGRAM,
    "emails": F.EMAILS,
    "email_domains": F.EMAIL_DOMAINS,
    "urls": F.URLS,
    "domains": F.DOMAINS,
    "handles": F.HANDLES,
    "ages": F.AGES,
    "cities": F.CITIES,
    "countries": F.COUNTRIES_MENTIONED,
}


def merge_values(current: Any, extra: Any) -> list[Any]:
    """Union of two value lists, order kept, unhashable/empty values skipped."""
    out: list[Any] = []
    for value in [*(current or []), *(extra or [])]:
        if value in (None, "") or isinstance(value, (dict, list)) or value in out:
            continue
        out.append(value)
    return out


def apply_score(ad: dict[str, Any], score: Any, scored_at: str) -> dict[str, Any]:
    """Attach an ``nlp.Score`` to an ad dict (fields of index/fields.py)."""
    ad[F.SCORE] = float(score.score)
    ad[F.RISK] = score.risk
    hits = [h if isinstance(h, dict) else {
        "name": h.name, "evidence": h.evidence, "start": h.start, "end": h.end, "weight": h.weight,
    } for h in score.indicators]
    ad[F.INDICATOR_HITS] = hits
    ad[F.INDICATORS] = sorted({h["name"] for h in hits})
    entities = dict(score.entities or {})
    ad[F.ENTITIES] = entities
    for key, field in ENTITY_FIELDS.items():
        if entities.get(key):
            ad[field] = merge_values(ad.get(field), entities[key])
    if not ad.get(F.EMPLOYER) and isinstance(entities.get("employer"), str):
        ad[F.EMPLOYER] = entities["employer"]
    ad[F.MODEL_VERSION] = score.model_version
    ad[F.SCORED_AT] = scored_at
    if score.lang and score.lang != "und" and not ad.get(F.LANG):
        ad[F.LANG] = score.lang
    return ad


class ScorePipeline:
    """Buffers ads, scores them in a worker thread, attaches the verdicts."""

    def __init__(self, crawler: Crawler, model_dir: str | None, size: int, max_wait: float) -> None:
        self.crawler = crawler
        self.model_dir = model_dir
        self.scorer: Any = None
        # The scorer (torch) is not promised to be thread-safe: one batch at a time.
        self._lock = threading.Lock()
        self.batcher = Batcher(self._score_batch, size, max_wait)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ScorePipeline":
        """Read the SCORE settings; NotConfigured when scoring is switched off."""
        if not setting(crawler, "SCORE_ENABLED"):
            raise NotConfigured("scoring switched off (ANZUELO_SCORE_ENABLED=False)")
        return cls(
            crawler,
            setting(crawler, "SCORE_MODEL_DIR"),
            int(setting(crawler, "SCORE_BATCH_SIZE")),
            float(setting(crawler, "SCORE_BATCH_MAX_WAIT")),
        )

    def open_spider(self) -> None:
        """Load the model now, so a missing model fails the crawl at the start."""
        from scrapy.utils.misc import load_object

        factory = self.crawler.settings.get("ANZUELO_SCORER_FACTORY")
        if factory:
            self.scorer = load_object(factory)(self.model_dir)
            return
        from nlp import Scorer

        self.scorer = Scorer.load(model_dir=self.model_dir)

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Wait for this ad's batch to be scored; attach the score or drop it."""
        result = await self.batcher.submit(item)
        stats = self.crawler.stats
        if isinstance(result, Exception):
            stats.inc_value("anzuelo/score/failed")
            raise drop(self.crawler, "score_failed", f"{item.get(F.CANONICAL_URL)}: {result!r}", "ERROR")
        stats.inc_value("anzuelo/score/scored")
        return apply_score(item, result, now_iso())

    async def close_spider(self) -> None:
        """Score what is still buffered."""
        await self.batcher.close()

    # -- worker thread ---------------------------------------------------------
    @staticmethod
    def _scorer_input(ad: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": ad.get(F.ID) or doc_id(ad[F.CANONICAL_URL]),
            "title": ad.get(F.TITLE) or "",
            "text": ad.get(F.TEXT) or "",
            "lang": ad.get(F.LANG),
            "country": ad.get(F.COUNTRY),
        }

    def _score_batch(self, ads: list[dict[str, Any]]) -> list[Any]:
        inputs = [self._scorer_input(ad) for ad in ads]
        with self._lock:
            try:
                scores = list(self.scorer.score_batch(inputs))
                if len(scores) != len(inputs):
                    raise RuntimeError(f"scorer returned {len(scores)} scores for {len(inputs)} ads")
                return scores
            except Exception:
                logger.exception("scoring a batch of %d ads failed; scoring them one by one", len(ads))
                self.crawler.stats.inc_value("anzuelo/score/batch_failed")
            results: list[Any] = []
            for one in inputs:
                try:
                    results.append(self.scorer.score_batch([one])[0])
                except Exception as exc:  # noqa: BLE001 - reported per ad
                    results.append(exc)
            return results

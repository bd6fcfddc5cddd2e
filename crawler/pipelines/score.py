"""ScorePipeline: score ads in batches with ``nlp.Scorer`` off the reactor thread.

Settings: ``ANZUELO_SCORE_ENABLED`` (False -> NotConfigured), ``ANZUELO_SCORE_MODEL_DIR``,
``ANZUELO_SCORE_BATCH_SIZE``, ``ANZUELO_SCORE_BATCH_MAX_WAIT``, ``ANZUELO_SCORER_FACTORY``
(dotted path of ``f(model_dir) -> scorer``; default ``nlp.Scorer.load``).
Stats: ``anzuelo/score/scored``, ``anzuelo/score/failed``, ``anzuelo/score/batch_failed``,
``anzuelo/score/seconds`` (wall time of the scoring batches, summed; the crawl summary's ``score_seconds``).
A batch that raises is scored again ad by ad so one bad ad cannot sink the
others; an ad that still fails is dropped (``drop_item/score_failed``).
Batches run one at a time in the process's one scoring thread (``SCORE_THREAD``),
never in the reactor's shared pool, where a scoring backlog held back the bulk
writes and DNS lookups queued behind it (``crawler.pipelines.batching``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawler.pipelines.batching import Batcher, WorkerPool
from crawler.pipelines.common import doc_id, drop, now_iso, setting
from crawler.pipelines.timing import StageTimer
from index import fields as F

logger = logging.getLogger(__name__)

#: nlp entity key -> ad field its values are merged into.
ENTITY_FIELDS = {
    "phones": F.PHONES,
    "whatsapp": F.WHATSAPP,
    "phones_unverified": F.PHONES_UNVERIFIED,
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


_SCORERS: dict[tuple[str | None, str | None], Any] = {}
_LOAD_LOCK = threading.Lock()
_SCORE_LOCK = threading.Lock()
#: The scoring thread every crawl of the process shares: one batch at a time anyway (the lock),
#: so more threads would only park waiting batches, as the reactor's pool used to.
SCORE_THREAD = WorkerPool("anzuelo-score", 1)


def load_scorer(factory: str | None, model_dir: str | None) -> Any:
    """The scorer of ``model_dir``, loaded once per process (crawls run together share it).

    Without a model folder the key is the folder it resolves to now (the promoted version, see
    ``nlp.scorer.resolve_model_dir``), so a scheduler process picks up a promotion at its next crawl.
    """
    with _LOAD_LOCK:
        if not factory and model_dir is None:
            from nlp.scorer import resolve_model_dir

            model_dir = str(resolve_model_dir(None))
        key = (factory, model_dir)
        if key not in _SCORERS:
            if factory:
                from scrapy.utils.misc import load_object

                _SCORERS[key] = load_object(factory)(model_dir)
            else:
                from nlp import Scorer

                _SCORERS[key] = Scorer.load(model_dir=model_dir)
        return _SCORERS[key]


class ScorePipeline:
    """Buffers ads, scores them in a worker thread, attaches the verdicts."""

    def __init__(self, crawler: Crawler, model_dir: str | None, size: int, max_wait: float) -> None:
        self.crawler = crawler
        self.model_dir = model_dir
        self.scorer: Any = None
        # The scorer (torch) is not promised to be thread-safe, and crawls in one
        # process share it: one batch at a time, process-wide.
        self._lock = _SCORE_LOCK
        self.batcher = Batcher(self._score_batch, size, max_wait, SCORE_THREAD)
        self.timer = StageTimer(crawler, "anzuelo/score/seconds")

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
        """Start loading the model in a thread (seconds): pages are fetched meanwhile."""
        factory = self.crawler.settings.get("ANZUELO_SCORER_FACTORY")
        self._waiters: list[Deferred] = []
        self._load_error: BaseException | None = None
        deferToThread(load_scorer, factory, self.model_dir).addCallbacks(self._loaded, self._load_failed)

    def _loaded(self, scorer: Any) -> None:
        self.scorer = scorer
        self._wake()

    def _load_failed(self, failure: Any) -> None:
        # Without a scorer every ad would fail: stop the crawl with a clear reason.
        self._load_error = failure.value
        logger.error("the scorer could not be loaded (model %s): %s", self.model_dir or "bundled", failure.value)
        self.crawler.stats.set_value("anzuelo/score/load_error", str(failure.value))
        if self.crawler.engine is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(self.crawler.engine.close_spider_async(reason="scorer_unavailable"))
        self._wake()

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.callback(None)

    async def _ready(self) -> None:
        """Wait for the model; DropItem when it could not be loaded."""
        if self.scorer is None and self._load_error is None:
            waiter: Deferred = Deferred()
            self._waiters.append(waiter)
            await maybe_deferred_to_future(waiter)
        if self._load_error is not None:
            raise drop(self.crawler, "scorer_unavailable", str(self._load_error), "DEBUG")

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Wait for this ad's batch to be scored; attach the score or drop it."""
        await self._ready()
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
    def _score_batch(self, ads: list[dict[str, Any]]) -> list[Any]:
        inputs = [scorer_input(ad) for ad in ads]
        with self._lock, self.timer:  # timed inside the lock: waiting for another crawl's batch is not scoring
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


def scorer_input(ad: dict[str, Any]) -> dict[str, Any]:
    """What the Scorer reads of an indexed or crawled ad (the crawl and ``anzuelo rescore`` share it)."""
    return {
        "id": ad.get(F.ID) or doc_id(ad[F.CANONICAL_URL]),
        "title": ad.get(F.TITLE) or "",
        "text": ad.get(F.TEXT) or "",
        "lang": ad.get(F.LANG),
        "country": ad.get(F.COUNTRY),
        # The employer the page names (JSON-LD hiringOrganization, page fields): with one,
        # no_employer_identity does not fire on words alone.
        "employer": ad.get(F.EMPLOYER),
    }

"""What a crawl did, read from its Scrapy stats: the summary record and the progress line.

One place knows which stat means what (``response_received_count`` = pages,
``anzuelo/ads/new`` ...), for the end-of-crawl summary, the ``crawl-runs``
record and the live progress shown while a crawl runs.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.pipelines.common import now_iso


@dataclass
class CrawlSummary:
    """What one crawl did (the ``crawl-runs`` document and the printed summary)."""

    run_id: str
    source: str
    spider: str
    started: str
    ended: str = ""
    duration_s: float = 0.0
    finish_reason: str = ""
    resumed: bool = False
    pages: int = 0
    ads_found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    gone: int = 0
    #: unchanged ads scored and re-indexed because their indexed score was missing or of another model
    rescored: int = 0
    rescored_missing: int = 0
    rescored_other_version: int = 0
    scored: int = 0
    indexed: int = 0
    failed: int = 0
    errors: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    #: ads the engine could not take (down, 429, 503), kept in the spool for a replay; by reason
    spooled: int = 0
    spooled_reasons: dict[str, int] = field(default_factory=dict)
    #: wall time of the scoring batches and of the bulk writes, summed (they overlap the fetching)
    score_seconds: float = 0.0
    index_seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def counts(stats: dict[str, Any]) -> dict[str, int]:
    """Live counts of a crawl: pages, ads (found so far, dropped ones included), new/changed/unchanged, indexed."""
    # drop_item/page_type/* counts pages that were no ad (listings), not ads found and dropped
    dropped = sum(int(v) for k, v in stats.items() if k.startswith("drop_item/") and not k.startswith("drop_item/page_type/"))
    new, changed = int(stats.get("anzuelo/ads/new", 0)), int(stats.get("anzuelo/ads/changed", 0))
    missing, other = int(stats.get("anzuelo/ads/rescore/missing", 0)), int(stats.get("anzuelo/ads/rescore/other_version", 0))
    # New, changed and re-scored ads are counted when they enter the pipelines but scraped only
    # after scoring and indexing; while they wait (e.g. for the model to load) they are found already.
    return {
        "pages": int(stats.get("response_received_count", 0)),
        "ads": max(int(stats.get("item_scraped_count", 0)), new + changed + missing + other) + dropped,
        "new": int(stats.get("anzuelo/ads/new", 0)),
        "changed": int(stats.get("anzuelo/ads/changed", 0)),
        "unchanged": int(stats.get("anzuelo/ads/unchanged", 0)),
        "indexed": int(stats.get("anzuelo/index/indexed", 0)),
        "rescored_missing": missing,
        "rescored_other_version": other,
    }


def summarize(job: Any, stats: dict[str, Any], started: str, resumed: bool, t0: float) -> CrawlSummary:
    """A CrawlSummary from a finished crawler's stats (``job``: a ``crawler.jobs.CrawlJob``)."""
    dropped = {k.split("/", 1)[1]: int(v) for k, v in stats.items() if k.startswith("drop_item/")}
    now = counts(stats)
    return CrawlSummary(
        run_id=f"{job.source}-{started}",
        source=job.source,
        spider=job.spider,
        started=started,
        ended=now_iso(),
        duration_s=round(time.monotonic() - t0, 1),
        finish_reason=str(stats.get("finish_reason", "")),
        resumed=resumed,
        pages=now["pages"],
        ads_found=now["ads"],
        new=now["new"],
        changed=now["changed"],
        unchanged=now["unchanged"],
        gone=int(stats.get("anzuelo/ads/gone", 0)),
        rescored=now["rescored_missing"] + now["rescored_other_version"],
        rescored_missing=now["rescored_missing"],
        rescored_other_version=now["rescored_other_version"],
        scored=int(stats.get("anzuelo/score/scored", 0)),
        indexed=now["indexed"],
        failed=int(stats.get("anzuelo/index/failed", 0)) + int(stats.get("anzuelo/score/failed", 0)),
        errors=int(stats.get("log_count/ERROR", 0)),
        dropped=dropped,
        spooled=int(stats.get("anzuelo/index/spooled", 0)),
        spooled_reasons={k.rsplit("/", 1)[1]: int(v) for k, v in stats.items() if k.startswith("anzuelo/index/spooled/")},
        score_seconds=round(float(stats.get("anzuelo/score/seconds", 0.0)), 3),
        index_seconds=round(float(stats.get("anzuelo/index/seconds", 0.0)), 3),
    )


def rescore_line(summary: CrawlSummary) -> str | None:
    """The summary line about unchanged ads scored again, or None when there were none."""
    if not summary.rescored:
        return None
    return (f"rescored {summary.rescored} unchanged ads: missing score {summary.rescored_missing},"
            f" other model version {summary.rescored_other_version}")


def spool_line(summary: CrawlSummary) -> str | None:
    """The summary line about spooled ads, or None when none were spooled."""
    if not summary.spooled:
        return None
    why = ", ".join(f"{k} {v}" for k, v in sorted(summary.spooled_reasons.items()))
    return f"{summary.spooled} documents spooled, will be replayed ({why}; `anzuelo spool status`)"


def progress_line(source: str, stats: dict[str, Any]) -> str:
    """One progress line of a running crawl (when stderr is not a terminal)."""
    c = counts(stats)
    return (f"[{source}] pages {c['pages']}  ads {c['ads']} (new {c['new']}, changed {c['changed']},"
            f" unchanged {c['unchanged']})  indexed {c['indexed']}")

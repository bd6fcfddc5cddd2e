"""How long each ad waits between being scored and being findable (``benchmarks/growth.py``).

The crawl stamps every ad with ``scored_at`` (UTC, milliseconds) when its score
is attached. ``SearchableTracker.poll`` asks the engine, without forcing a
refresh (an investigator's search does not force one either, so the engine's
own refresh interval counts), which ads it can find that it could not find at
the previous poll, and notes the wall-clock time of the answer as their first
searchable moment. The delay of an ad is that moment minus its ``scored_at``:
an upper bound, at most one poll interval late. Crawl and poller run on the
same machine, so both clocks are one.
"""

from __future__ import annotations

import time
from datetime import datetime
from statistics import quantiles

import httpx

#: Hits per search; 10,000 is the engine's default result window.
PAGE = 10_000


class SearchableTracker:
    """First searchable moment of every ad of one index alias, and its delay after scoring."""

    def __init__(self, client: httpx.Client, alias: str) -> None:
        self.client, self.alias = client, alias
        self.delays: dict[str, float] = {}  # ad id -> seconds from scored_at to first searchable
        self.seen_at: dict[str, float] = {}  # ad id -> wall time (epoch) first seen

    def count(self) -> int:
        """Ads the engine finds now (no forced refresh); 0 while the index does not exist."""
        try:
            r = self.client.get(f"/{self.alias}/_count")
            return int(r.json().get("count", 0)) if r.status_code == 200 else 0
        except (httpx.HTTPError, ValueError):
            return 0

    def poll(self) -> int:
        """Note the ads searchable since the last poll; how many are searchable now."""
        if self.count() <= len(self.seen_at):
            return len(self.seen_at)
        body = {"size": PAGE, "_source": ["scored_at"],
                "query": {"bool": {"must_not": [{"ids": {"values": list(self.seen_at)}}]}}}
        try:
            r = self.client.post(f"/{self.alias}/_search", json=body)
            hits = r.json()["hits"]["hits"] if r.status_code == 200 else []
        except (httpx.HTTPError, ValueError, KeyError):
            return len(self.seen_at)
        now = time.time()
        for hit in hits:
            self.seen_at[hit["_id"]] = now
            scored = (hit.get("_source") or {}).get("scored_at")
            if scored:
                self.delays[hit["_id"]] = now - datetime.fromisoformat(scored.replace("Z", "+00:00")).timestamp()
        return len(self.seen_at)

    def summary(self, crawl_end: float) -> dict[str, float | int]:
        """p50/p95/max of the delays in seconds, and how many ads were searchable before ``crawl_end`` (epoch)."""
        values = sorted(self.delays.values())
        if not values:
            return {"ads": 0, "p50_s": 0.0, "p95_s": 0.0, "max_s": 0.0, "searchable_before_end": 0}
        cuts = quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        return {"ads": len(values), "p50_s": round(cuts[49], 2), "p95_s": round(cuts[94], 2),
                "max_s": round(values[-1], 2),
                "searchable_before_end": sum(1 for t in self.seen_at.values() if t < crawl_end)}

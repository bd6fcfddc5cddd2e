"""``anzuelo`` with a scorer that looks at the index half-way through a crawl's scoring.

``python -m tests.crawler.searchable_probe crawl ...`` is ``anzuelo crawl ...``
whose scorer is ``probe_factory``: the real rules-only model (``nlp/models/rules``)
that, like the encoders, is slow to load, and that checks, once half of the
crawl's ads are scored, whether the engine can already find any of them.

- Loading waits until the file ``$PROBE_GO`` exists: the test creates it once the
  site served every ad page, so every ad of the crawl waits for the scorer at
  once (the backlog of a slow scorer) and all its batches are queued together.
- At the first batch with ``$PROBE_AT`` ads scored before it, the scorer asks
  the engine (``_count``, no forced refresh) how many ads it finds, waiting up
  to ``PROBE_WAIT`` seconds for more than none, and writes what it saw as JSON to
  ``$PROBE_OUT``. Ads only ever reach the engine through the crawl's own index
  pipeline, so a count above zero here means scored ads were searchable while
  the rest of the crawl was still being scored.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
#: Seconds the probe waits for a first searchable ad, and the scorer for ``$PROBE_GO``.
PROBE_WAIT = 60.0


class ProbeScorer:
    """The rules-only scorer, plus one look at the index after ``at`` ads."""

    def __init__(self, inner: Any, at: int, out: Path) -> None:
        self.inner, self.at, self.out = inner, at, out
        self.scored, self.probed = 0, False
        alias = f"{os.environ['ANZUELO_INDEX_PREFIX']}-ads"
        self.count_url = f"{os.environ['ANZUELO_ENGINE_URL'].rstrip('/')}/{alias}/_count"

    def score_batch(self, ads: list[dict[str, Any]]) -> list[Any]:
        if not self.probed and self.scored >= self.at:
            self.probed = True
            found, deadline = self._count(), time.monotonic() + PROBE_WAIT
            while not found and time.monotonic() < deadline:
                time.sleep(0.1)
                found = self._count()
            self.out.write_text(json.dumps({"scored_before": self.scored, "searchable": found}), encoding="utf-8")
        self.scored += len(ads)
        return self.inner.score_batch(ads)

    def _count(self) -> int:
        try:
            r = httpx.get(self.count_url, timeout=10)
            return int(r.json().get("count", 0)) if r.status_code == 200 else 0
        except (httpx.HTTPError, ValueError):
            return 0


def probe_factory(model_dir: str | None) -> ProbeScorer:
    """``ANZUELO_SCORER_FACTORY`` target (``model_dir`` ignored: always the rules-only model)."""
    from nlp import Scorer

    go, deadline = Path(os.environ["PROBE_GO"]), time.monotonic() + PROBE_WAIT
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return ProbeScorer(Scorer.load(ROOT / "nlp" / "models" / "rules"), int(os.environ["PROBE_AT"]),
                       Path(os.environ["PROBE_OUT"]))


def main() -> int:
    import crawler.settings

    # a Scrapy setting of the project module, which crawler.run.project_settings reads
    crawler.settings.ANZUELO_SCORER_FACTORY = "tests.crawler.searchable_probe.probe_factory"
    from anzuelo.cli import main as anzuelo

    return anzuelo()


if __name__ == "__main__":
    sys.exit(main())

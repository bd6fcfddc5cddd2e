"""A scorer as slow as the encoders without their CPU, for cheap growth runs (``benchmarks/growth.py``).

    .venv/bin/python -m benchmarks.growth_scorer crawl --url URL ...   # ``anzuelo crawl`` with it

``growth.py --encoder-ms MS`` runs the crawl through this launcher. With
``GROWTH_ENCODER_MS`` set, the crawl's scorer is the real ``nlp.Scorer`` of
``--model`` (e.g. the rules-only ``nlp/models/rules``) that also sleeps MS
milliseconds per ad in its worker thread before scoring a batch: what the
shipped encoders cost per ad (about 50 ms at 19 ads/s), spent like a torch
forward (the GIL released), but leaving the two shared cores to others. It
reproduces *when* ads reach the index under a scoring backlog (the queueing
between the crawl's worker threads), not how much CPU a crawl needs: for that,
run growth.py without ``--encoder-ms``. Without ``GROWTH_ENCODER_MS`` the
launcher is plain ``anzuelo``.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

ENV = "GROWTH_ENCODER_MS"


class EmulatedEncoderScorer:
    """The real scorer of a model folder, ``ms`` milliseconds per ad slower."""

    def __init__(self, inner: Any, ms: float) -> None:
        self.inner, self.ms = inner, ms

    def score_batch(self, ads: list[dict[str, Any]]) -> list[Any]:
        time.sleep(self.ms * len(ads) / 1000)  # the encoders' forward pass, GIL released
        return self.inner.score_batch(ads)


def emulated(model_dir: str | None) -> EmulatedEncoderScorer:
    """``ANZUELO_SCORER_FACTORY`` target: ``nlp.Scorer`` of ``model_dir`` plus ``$GROWTH_ENCODER_MS`` per ad."""
    from nlp import Scorer

    return EmulatedEncoderScorer(Scorer.load(model_dir), float(os.environ[ENV]))


def main() -> int:
    """``anzuelo`` with the emulated scorer wired in when ``GROWTH_ENCODER_MS`` is set."""
    if os.environ.get(ENV):
        import crawler.settings

        # a Scrapy setting of the project module (crawler.run.project_settings reads the module)
        crawler.settings.ANZUELO_SCORER_FACTORY = "benchmarks.growth_scorer.emulated"
    from anzuelo.cli import main as anzuelo

    return anzuelo()


if __name__ == "__main__":
    sys.exit(main())

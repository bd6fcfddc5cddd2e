"""What a rescore costs besides scoring: PIT slices copied into a new index version, then the swap.

    .venv/bin/python -m benchmarks.rescore_copy --ads 5000 [--slices 2] [--engine-url URL]

Indexes ``--ads`` invented ads under a throw-away prefix on a running engine
(default: ANZUELO_ENGINE_URL / the local node), runs ``index.rescore`` with a
transform that only stamps a model version (no model: the engine-side cost
alone), and prints ads/s of the copy and the seconds of catch-up + count +
atomic swap + late-write pass, i.e. how long the alias move itself takes.
The prefix's indices are deleted afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from anzuelo import settings
from index import Index, doc_id
from index import rescore as R
from index.rescore_plan import RescoreState


def ad(n: int) -> dict[str, Any]:
    """An invented ad (555 numbers, invented employer) as a crawl indexes it."""
    url = f"http://bench.test/ad/{n}"
    return {"id": doc_id(url), "canonical_url": url, "url": url, "source": "bench", "status": "online",
            "title": f"Oferta {n}", "text": f"Se busca personal para Empresa Inventada {n}, llamar al 555 01{n % 100:02d}",
            "first_seen": "2026-01-01T00:00:00Z", "model_version": "old", "score": 0.5, "label": None}


def stamp(ads: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """The cheapest transform: a new model version, nothing scored."""
    return [{**a, "model_version": "bench-new"} for a in ads], len(ads), 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=5000)
    parser.add_argument("--slices", type=int, default=2)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--engine-url", default=None)
    args = parser.parse_args()
    idx = Index.connect(args.engine_url or settings.engine_url(), prefix=f"bench{uuid.uuid4().hex[:8]}")
    try:
        idx.ensure_ads_index()
        assert idx.bulk_upsert(ad(i) for i in range(args.ads)).failed == 0
        idx.refresh()
        state = RescoreState(Path(tempfile.mkdtemp()), idx.ads_alias)
        t0 = time.monotonic()
        plan = R.start(idx, state, slices=args.slices, keep_alive="5m", model_version="bench-new", scope={})
        for i in range(args.slices):
            R.copy_slice(idx, state, plan, i, stamp, args.page)
        t1 = time.monotonic()
        out = R.finish(idx, state, plan, stamp, page=args.page, rounds=3, grace=0.0)
        t2 = time.monotonic()
        print(f"| ads | slices | copy s | ads/s | catch-up + count + swap s | target count |\n|---|---|---|---|---|---|\n"
              f"| {args.ads} | {args.slices} | {t1 - t0:.2f} | {args.ads / (t1 - t0):.0f} | {t2 - t1:.2f} | "
              f"{out['target_count']} |")
    finally:
        idx.drop_all()
        idx.close()


if __name__ == "__main__":
    main()

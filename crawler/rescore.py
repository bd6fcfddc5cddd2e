"""Re-scoring stored ads for ``anzuelo rescore``: the crawl's own scoring code, one page at a time.

``index.rescore`` copies pages of stored ads into a new index version and
calls a *transform* on each page; this module builds that transform from a
``Scorer``, so a rescore scores exactly as a crawl does (``scorer_input``,
``apply_score``).
"""

from __future__ import annotations

from typing import Any

from index import fields as F


def make_transform(scorer: Any, version: str, source: str | None, everything: bool):
    """Page transform: ads in scope get the model's scores (old score fields cleared), the rest pass as they are."""
    from crawler.pipelines.common import now_iso
    from crawler.pipelines.score import apply_score, scorer_input

    def transform(ads: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
        todo = [i for i, a in enumerate(ads) if (source is None or a.get(F.SOURCE) == source)
                and (everything or a.get(F.MODEL_VERSION) != version)]
        inputs = [scorer_input(ads[i]) for i in todo]
        try:
            scores = list(scorer.score_batch(inputs)) if inputs else []
        except Exception:  # noqa: BLE001 - one bad ad must not sink the page: score one by one
            scores = []
            for one in inputs:
                try:
                    scores.append(scorer.score_batch([one])[0])
                except Exception:  # noqa: BLE001 - counted; the ad is copied with its old score
                    scores.append(None)
        out, now, failed = list(ads), now_iso(), 0
        for i, score in zip(todo, scores, strict=True):
            if score is None:
                failed += 1
                continue
            # None clears a field in the upsert: no stale age or city of the old model survives.
            out[i] = apply_score({**ads[i], **dict.fromkeys(F.SCORE_FIELDS)}, score, now)
        return out, len(todo) - failed, failed

    return transform

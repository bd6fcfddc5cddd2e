"""What to label next: unlabelled ads ranked by uncertainty, one per near-duplicate group.

Uncertainty is the distance of an ad's calibrated score from the decision threshold in
logit space, ``|logit(p) - logit(t)|`` (smallest first): 0.30 vs 0.35 is as close as
0.003 vs 0.0035, which a plain ``|p - t|`` would not say. The whole index is ranked, not a page: the
engine returns the ``pool`` ads nearest the threshold from above and from below (plain
score sorts), and the closest ``pool`` of both are kept. Diversity comes next: one template
posted 50 times would fill the queue with copies, so the pool is grouped by identical
text (``content_hash``) and word 5-shingle Jaccard >= 0.5 (the grouping ``anzuelo train``
uses for its CV folds) and only the most uncertain ad of each group is kept, with the
size of its group shown ("+N similar"). A group holding an ad that is already labelled
(an exact copy, or one of the last labelled) leaves the queue: its label says what the copies
would get.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from index import fields as F

#: Scores are clipped to [EPS, 1 - EPS] before the logit (0 and 1 have none).
EPS = 1e-6
_SOURCE_FIELDS = [F.ID, F.TITLE, F.TEXT, F.SOURCE, F.LANG, F.COUNTRY, F.SCORE, F.RISK, F.INDICATORS,
                  F.CONTENT_HASH, F.FIRST_SEEN, F.URL]


def logit(p: float) -> float:
    p = min(max(float(p), EPS), 1 - EPS)
    return math.log(p / (1 - p))


@dataclass
class QueueQuery:
    """Filters and sizes of one queue request (validated by the callers)."""

    threshold: float
    sources: Sequence[str] = ()
    langs: Sequence[str] = ()
    skip: Sequence[str] = ()
    limit: int = 20
    pool: int = 1000
    recent_labelled: int = 500  # last labelled ads whose near-duplicates leave the queue


@dataclass
class QueueItem:
    ad: dict[str, Any]
    distance: float  # |logit(score) - logit(threshold)|
    similar: int = 0  # other unlabelled ads of the pool in its near-duplicate group
    similar_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.ad.get(F.ID), "distance": round(self.distance, 4), "similar": self.similar,
                "similar_ids": self.similar_ids[:20], "ad": self.ad}


def queue_bodies(q: QueueQuery) -> list[dict[str, Any]]:
    """Two engine bodies: unlabelled scored ads of the filters just above the threshold (score
    ascending) and just below it (descending). The distance grows monotonically on each side, so
    the ``pool`` closest ads overall are among the ``pool`` first of each: exact, and script-free
    (the engine needs no scripting module)."""
    filters: list[dict[str, Any]] = [{"exists": {"field": F.SCORE}}]
    if q.sources:
        filters.append({"terms": {F.SOURCE: list(q.sources)}})
    if q.langs:
        filters.append({"terms": {F.LANG: list(q.langs)}})
    must_not: list[dict[str, Any]] = [{"exists": {"field": F.LABEL}}]
    if q.skip:
        must_not.append({"ids": {"values": list(q.skip)}})
    size = max(q.limit, min(q.pool, 10_000))
    out = []
    for side, order in (({"gte": q.threshold}, "asc"), ({"lt": q.threshold}, "desc")):
        out.append({
            "query": {"bool": {"filter": [*filters, {"range": {F.SCORE: side}}], "must_not": must_not}},
            # ties in a stable order: the same queue for every labeller
            "sort": [{F.SCORE: order}, {F.ID: "asc"}], "size": size, "_source": _SOURCE_FIELDS,
            "track_total_hits": True,
        })
    return out


def closest(idx: Any, q: QueueQuery) -> tuple[int, list[dict[str, Any]]]:
    """(unlabelled ads matching the filters, the ``pool`` of them closest to the threshold, closest first)."""
    t, total, ads = logit(q.threshold), 0, []
    for body in queue_bodies(q):
        res = idx.search_ads(body)
        n = res["hits"].get("total", 0)
        total += int(n["value"] if isinstance(n, dict) else n)
        ads += [h["_source"] for h in res["hits"]["hits"]]
    ads.sort(key=lambda a: (abs(logit(a.get(F.SCORE) or 0.0) - t), str(a.get(F.ID))))
    return total, ads[:max(q.limit, q.pool)]


def one_per_group(ads: list[dict[str, Any]], limit: int,
                  labelled: Sequence[dict[str, Any]] = ()) -> tuple[list[QueueItem], int]:
    """The first ad of each near-duplicate group, in the given (uncertainty) order, up to ``limit``,
    and how many ads were left out because a near-duplicate of theirs is already ``labelled``
    (one label of a template says what its copies would get: label something else next)."""
    if not ads:
        return [], 0
    from nlp.model.select import near_duplicate_groups  # numpy/scipy only, no model

    every = list(labelled) + list(ads)
    texts = [f"{a.get(F.TITLE) or ''}\n{a.get(F.TEXT) or ''}" for a in every]
    hashes = [str(a.get(F.CONTENT_HASH) or a.get(F.ID)) for a in every]
    groups = near_duplicate_groups(texts, hashes).tolist()
    done = set(groups[:len(labelled)])
    first: dict[int, QueueItem] = {}
    out: list[QueueItem] = []
    covered = 0
    for ad, g in zip(ads, groups[len(labelled):]):
        if g in done:
            covered += 1
        elif g in first:
            first[g].similar += 1
            first[g].similar_ids.append(str(ad.get(F.ID)))
        else:
            first[g] = QueueItem(ad=ad, distance=0.0)
            out.append(first[g])
    return out[:limit], covered


def labelled_neighbours(idx: Any, ads: list[dict[str, Any]], recent: int) -> list[dict[str, Any]]:
    """Labelled ads to group the pool against: exact copies of pool ads, and the ``recent`` last labelled."""
    hashes = sorted({str(a[F.CONTENT_HASH]) for a in ads if a.get(F.CONTENT_HASH)})
    should: list[dict[str, Any]] = [{"terms": {F.CONTENT_HASH: hashes[:10_000]}}] if hashes else []
    found: dict[str, dict[str, Any]] = {}
    bodies = [{"query": {"bool": {"filter": [{"exists": {"field": F.LABEL}}], "should": should,
                                  "minimum_should_match": 1}}, "size": 1000} if should else None,
              {"query": {"exists": {"field": F.LABEL}}, "size": recent,
               "sort": [{f"{F.LABELS}.at": {"order": "desc", "mode": "max", "unmapped_type": "date"}}]}]
    for body in filter(None, bodies):
        body["_source"] = [F.ID, F.TITLE, F.TEXT, F.CONTENT_HASH]
        for hit in idx.search_ads(body)["hits"]["hits"]:
            found[hit["_id"]] = hit["_source"]
    return list(found.values())


def label_queue(idx: Any, q: QueueQuery) -> dict[str, Any]:
    """``{"unlabelled": N, "pool": n, "covered": k, "items": [QueueItem...]}`` for an ``index.Index``."""
    total, ads = closest(idx, q)
    items, covered = one_per_group(ads, q.limit, labelled_neighbours(idx, ads, q.recent_labelled) if ads else [])
    t = logit(q.threshold)
    for item in items:
        item.distance = abs(logit(item.ad.get(F.SCORE) or 0.0) - t)
    return {"unlabelled": total, "pool": len(ads), "covered": covered, "items": items}


def label_counts(idx: Any, since: str | None) -> dict[str, Any]:
    """Labelled ads in the index, and those with a label entry after ``since`` (all when None)."""
    body: dict[str, Any] = {"size": 0, "track_total_hits": True, "query": {"exists": {"field": F.LABEL}},
                            "aggs": {"new": {"filter": {"range": {f"{F.LABELS}.at": {"gt": since}}}
                                             if since else {"exists": {"field": F.LABEL}}}}}
    res = idx.search_ads(body)
    total = res["hits"].get("total", 0)
    return {"labelled": int(total["value"] if isinstance(total, dict) else total),
            "new_since_model": int(res.get("aggregations", {}).get("new", {}).get("doc_count", 0)), "since": since}


def queue_report(idx: Any, model: dict[str, Any], q: QueueQuery) -> dict[str, Any]:
    """What the CLI and the workbench show: the model, label counts, and the ranked items."""
    found = label_queue(idx, q)
    return {"model": model, "labels": label_counts(idx, model.get("trained_at")),
            "threshold": q.threshold, "filters": {"source": list(q.sources), "lang": list(q.langs)},
            "unlabelled": found["unlabelled"], "pool": found["pool"], "covered": found["covered"],
            "items": [i.to_dict() for i in found["items"]]}

"""Investigators' labels read straight from the index, as training rows, with disagreements shown.

The workbench stores a label on the ad itself: ``label`` (the latest verdict)
and ``labels`` (every entry ``{label, note, user, at}``). For training, each
labeller's *latest* entry is that labeller's vote; ``unsure`` is an abstention.
An ad whose votes disagree (two labellers, or a later entry by another user
that differs from an earlier one) is a conflict: it is reported with who said
what and left out of training, unless a resolution is asked for:

* ``latest``   the vote of the most recent entry wins;
* ``majority`` the most frequent vote wins; a tie stays unresolved (left out).

Rows are those of ``anzuelo labels export`` (``workbench.labels.training_row``),
so ``anzuelo train`` reads them like any other JSONL data file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from index import fields as F

#: Votes used for training (``unsure`` abstains).
VOTES = ("deceptive", "legitimate")
RESOLUTIONS = ("latest", "majority")

#: Ads with a verdict or a label history.
QUERY = {"bool": {"should": [{"exists": {"field": f"{F.LABELS}.label"}}, {"terms": {F.LABEL: list(VOTES)}}],
                  "minimum_should_match": 1}}


@dataclass
class LabelSet:
    """Training rows from the index, the conflicts, and counts per class and per labeller."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # {id, title, votes: {user: label}, resolved}
    per_class: Counter = field(default_factory=Counter)  # labels of the rows used
    per_labeller: dict[str, Counter] = field(default_factory=dict)  # every vote, used or not
    excluded: int = 0

    def summary(self) -> dict[str, Any]:
        """JSON-ready counts and the conflict table."""
        return {"rows": len(self.rows), "excluded": self.excluded, "per_class": dict(self.per_class),
                "per_labeller": {u: dict(c) for u, c in sorted(self.per_labeller.items())},
                "conflicts": self.conflicts}


def votes(ad: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(at, user, label) of each labeller's latest training vote, oldest first."""
    history = [h for h in ad.get(F.LABELS) or [] if isinstance(h, dict) and h.get("label")]
    if not history and ad.get(F.LABEL) in VOTES:  # a verdict without history (imported): one anonymous vote
        return [("", "", str(ad[F.LABEL]))]
    latest: dict[str, tuple[str, str, str]] = {}
    for h in sorted(history, key=lambda h: str(h.get("at") or "")):
        latest[str(h.get("user") or "")] = (str(h.get("at") or ""), str(h.get("user") or ""), str(h["label"]))
    return sorted(v for v in latest.values() if v[2] in VOTES)


def resolve(cast: list[tuple[str, str, str]], how: str | None) -> str | None:
    """The training label of an ad's votes, or None (no vote, or a conflict left unresolved)."""
    labels = {v[2] for v in cast}
    if len(labels) == 1:
        return labels.pop()
    if how == "latest" and cast:
        return cast[-1][2]
    if how == "majority" and cast:
        (top, n), *rest = Counter(v[2] for v in cast).most_common()
        return top if not rest or rest[0][1] < n else None
    return None


def collect(ads: Iterable[dict[str, Any]], how: str | None = None) -> LabelSet:
    """Training rows of ``ads`` (stored ad documents), conflicts reported, counted."""
    from workbench.labels import training_row  # the export's row format, one definition

    out = LabelSet()
    for ad in ads:
        cast = votes(ad)
        for _, user, label in cast:
            out.per_labeller.setdefault(user or "(unknown)", Counter())[label] += 1
        label = resolve(cast, how)
        if len({v[2] for v in cast}) > 1:
            out.conflicts.append({"id": ad.get(F.ID), "title": (ad.get(F.TITLE) or "")[:60],
                                  "votes": {(u or "(unknown)"): lab for _, u, lab in cast}, "resolved": label})
        if label is None:
            out.excluded += bool(cast)
            continue
        row = training_row({**ad, F.LABEL: label})
        if row is not None:
            out.rows.append(row)
            out.per_class[label] += 1
    return out


def labelled_ads(engine: Any, index: str, page: int = 500) -> Iterator[dict[str, Any]]:
    """Every labelled ad of ``index`` (an alias or an index name), paged by id with search_after."""
    after: list[Any] | None = None
    while True:
        body: dict[str, Any] = {"size": page, "query": QUERY, "sort": [{F.ID: "asc"}], "track_total_hits": False}
        if after:
            body["search_after"] = after
        found = engine.request("POST", f"/{index}/_search", body=body, ignore=(404,))
        hits = (found or {}).get("hits", {}).get("hits", [])
        for hit in hits:
            yield {**hit["_source"], F.ID: hit["_source"].get(F.ID) or hit["_id"]}
        if len(hits) < page:
            return
        after = hits[-1]["sort"]

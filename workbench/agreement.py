"""Agreement between labellers: who said what on one ad, and Cohen's kappa per pair of labellers.

Each labeller's vote on an ad is their latest entry in its ``labels`` history (a labeller who
changed their mind counts once, with the new verdict). Kappa is computed over the three label
values (deceptive, legitimate, unsure as a class of its own) on the ads both labellers
labelled: ``(p_o - p_e) / (1 - p_e)``, ``p_o`` the share of those ads where they agree and
``p_e`` the agreement expected by chance from each one's label shares. It is undefined with
fewer than 2 shared ads, or when both gave one and the same label to everything (``p_e`` = 1):
the report says which, rather than printing a number that means nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from index import fields as F


def votes(ad: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Latest ``{label, at, note}`` of each labeller of ``ad``, by user name."""
    out: dict[str, dict[str, str]] = {}
    for h in ad.get(F.LABELS) or []:
        if isinstance(h, dict) and h.get("user") and h.get("label") in F.LABEL_VALUES:
            out[str(h["user"])] = {"label": h["label"], "at": str(h.get("at") or ""), "note": str(h.get("note") or "")}
    return out


def disagreement(ad: dict[str, Any]) -> list[dict[str, str]]:
    """Each labeller's latest vote when they do not all agree (oldest vote first); [] otherwise."""
    v = votes(ad)
    if len({x["label"] for x in v.values()}) < 2:
        return []
    return sorted(({"user": u, **x} for u, x in v.items()), key=lambda x: x["at"])


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> tuple[float | None, str]:
    """(kappa, "") for two raters' labels of the same items, or (None, why it is undefined)."""
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    n = len(a)
    if n < 2:
        return None, "fewer than 2 shared ads"
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if p_e >= 1.0:
        return None, f"one class only ({a[0]})"
    return (p_o - p_e) / (1 - p_e), ""


def agreement_report(ads: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Per labeller pair: shared ads, percentage agreement, kappa (or why undefined); and overall."""
    per_ad = [(ad.get(F.ID), votes(ad)) for ad in ads]
    users = sorted({u for _, v in per_ad for u in v})
    pairs = []
    agree_total = compared_total = 0
    for u1, u2 in combinations(users, 2):
        shared = [(v[u1]["label"], v[u2]["label"]) for _, v in per_ad if u1 in v and u2 in v]
        a, b = [x for x, _ in shared], [y for _, y in shared]
        kappa, why = cohen_kappa(a, b)
        agree = sum(x == y for x, y in shared)
        agree_total, compared_total = agree_total + agree, compared_total + len(shared)
        if shared:
            pairs.append({"pair": [u1, u2], "shared": len(shared), "agree": agree,
                          "agreement": agree / len(shared), "kappa": kappa, "undefined": why})
    multi = [v for _, v in per_ad if len(v) >= 2]
    unanimous = sum(len({x["label"] for x in v.values()}) == 1 for v in multi)
    return {"labellers": users, "labelled_ads": sum(1 for _, v in per_ad if v), "pairs": pairs,
            "ads_with_several_labellers": len(multi), "ads_unanimous": unanimous,
            "overall_agreement": agree_total / compared_total if compared_total else None,
            "conflicts": [{"id": i, "votes": {u: x["label"] for u, x in v.items()}}
                          for i, v in per_ad if len({x["label"] for x in v.values()}) > 1]}


def labelled_ads(backend: Any) -> Iterable[dict[str, Any]]:
    """Every ad with at least one label entry (id, labels only), paged from the engine."""
    body = {"query": {"exists": {"field": f"{F.LABELS}.user"}}, "_source": [F.ID, F.LABELS]}
    return backend.scan_body(body, max_rows=None)

"""Labels from the index as training rows (nlp.model.labels_source): votes, conflicts, resolutions, counts."""

from __future__ import annotations

import pytest

from nlp.model.labels_source import collect, resolve, votes


def entry(user: str, label: str, at: str) -> dict:
    return {"label": label, "note": "", "user": user, "at": f"2026-03-0{at}T10:00:00Z"}


def ad(n: int, *entries: dict, label: str | None = None) -> dict:
    hist = list(entries)
    return {"id": f"ad{n}", "title": f"Oferta {n}", "text": "texto", "lang": "es", "label": label or (hist[-1]["label"] if hist else None),
            "labels": hist}


def test_labels_source_votes_are_each_labellers_latest_and_unsure_abstains():
    got = votes(ad(1, entry("ana", "deceptive", "1"), entry("ana", "legitimate", "2"), entry("bea", "unsure", "3")))
    assert got == [("2026-03-02T10:00:00Z", "ana", "legitimate")]  # ana changed her mind: no conflict
    assert votes({"id": "x", "label": "deceptive"}) == [("", "", "deceptive")]  # verdict without history


@pytest.mark.parametrize(("how", "expected"), [(None, None), ("latest", "legitimate"), ("majority", "deceptive")])
def test_labels_source_resolve_conflicts(how, expected):
    cast = [("1", "ana", "deceptive"), ("2", "carl", "deceptive"), ("3", "bea", "legitimate")]
    assert resolve(cast, how) == expected


def test_labels_source_majority_tie_stays_unresolved():
    assert resolve([("1", "ana", "deceptive"), ("2", "bea", "legitimate")], "majority") is None


def test_labels_source_collect_reports_conflicts_and_counts():
    ads = [ad(1, entry("ana", "deceptive", "1")),
           ad(2, entry("ana", "legitimate", "1"), entry("bea", "deceptive", "2")),
           ad(3, entry("bea", "legitimate", "1")),
           ad(4, entry("ana", "unsure", "1"))]
    found = collect(ads)
    assert [r["id"] for r in found.rows] == ["ad1", "ad3"] and [r["label"] for r in found.rows] == [1, 0]
    s = found.summary()
    assert s["per_class"] == {"deceptive": 1, "legitimate": 1} and s["excluded"] == 1
    assert s["per_labeller"] == {"ana": {"deceptive": 1, "legitimate": 1}, "bea": {"deceptive": 1, "legitimate": 1}}
    assert s["conflicts"] == [{"id": "ad2", "title": "Oferta 2", "votes": {"ana": "legitimate", "bea": "deceptive"},
                               "resolved": None}]
    latest = collect(ads, "latest")
    assert [r["label"] for r in latest.rows] == [1, 1, 0] and latest.conflicts[0]["resolved"] == "deceptive"
    assert latest.rows[1]["labelled_by"] == "bea"  # the export's row: who gave the verdict used

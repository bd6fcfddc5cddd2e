"""Labeller agreement: Cohen's kappa against a hand-computed example, and on labels written through the API."""

from __future__ import annotations

import json

import pytest

from anzuelo.cli import main
from tests.workbench.helpers import FAST_HASHER, PASSWORD, api_client, login
from tests.workbench.queue_ads import index_queue_ads
from workbench import create_app
from workbench.agreement import cohen_kappa, disagreement
from workbench.backend import Backend


def test_cohen_kappa_matches_the_hand_computed_example():
    # 10 ads. Agreement p_o = 7/10. A says deceptive on 6, B on 5:
    # p_e = 0.6 * 0.5 + 0.4 * 0.5 = 0.5, kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    a = ["deceptive"] * 6 + ["legitimate"] * 4
    b = ["deceptive"] * 4 + ["legitimate"] * 5 + ["deceptive"]
    kappa, why = cohen_kappa(a, b)
    assert kappa == pytest.approx(0.4) and why == ""
    from sklearn.metrics import cohen_kappa_score

    assert kappa == pytest.approx(cohen_kappa_score(a, b))


@pytest.mark.parametrize("a, b, why", [
    (["deceptive"], ["legitimate"], "fewer than 2 shared ads"),
    ([], [], "fewer than 2 shared ads"),
    (["unsure", "unsure"], ["unsure", "unsure"], "one class only (unsure)"),
])
def test_cohen_kappa_undefined_says_why(a, b, why):
    assert cohen_kappa(a, b) == (None, why)


def test_cohen_kappa_perfect_and_opposite():
    assert cohen_kappa(["deceptive", "legitimate"], ["deceptive", "legitimate"])[0] == pytest.approx(1.0)
    assert cohen_kappa(["deceptive", "legitimate"], ["legitimate", "deceptive"])[0] == pytest.approx(-1.0)


def test_disagreement_uses_each_labellers_latest_vote():
    ad = {"labels": [{"user": "ana", "label": "unsure", "at": "2026-11-01T10:00"},
                     {"user": "luis", "label": "deceptive", "at": "2026-11-02T10:00"},
                     {"user": "ana", "label": "deceptive", "at": "2026-11-03T10:00"}]}
    assert disagreement(ad) == []  # ana changed her mind: both now say deceptive
    ad["labels"].append({"user": "sofia", "label": "legitimate", "at": "2026-11-04T10:00", "note": "real firm"})
    assert [(d["user"], d["label"]) for d in disagreement(ad)] == [
        ("luis", "deceptive"), ("ana", "deceptive"), ("sofia", "legitimate")]


@pytest.mark.integration
def test_labels_agreement_on_labels_written_through_the_api(engine, tmp_path, monkeypatch, capsys):
    ids = index_queue_ads(engine)  # one ad ("done") already carries ana's legitimate label
    app = create_app(Backend(engine), secret="agreement-secret", password_hasher=FAST_HASHER,
                     evidence_dir=tmp_path / "evidence")
    for name in ("ana", "luis", "sofia"):
        app.state.users.add(name, "labeller", PASSWORD, f"{name}@example.org")
    clients = {n: api_client(app, n) for n in ("ana", "luis", "sofia")}
    ads = [ids[k] for k in ("ring-0", "ring-1", "ring-2", "mid", "high", "tiny")]
    plan = {  # ana and luis share 6 ads: the example above on 6 (p_o 4/6, p_e 1/2, kappa 1/3)
        "ana": ["deceptive", "deceptive", "deceptive", "legitimate", "legitimate", "legitimate"],
        "luis": ["deceptive", "deceptive", "legitimate", "legitimate", "legitimate", "deceptive"],
        "sofia": ["deceptive"],  # one shared ad with each: kappa undefined
    }
    for name, labels in plan.items():
        for ad_id, label in zip(ads, labels):
            assert clients[name].post(f"/api/ads/{ad_id}/label", json={"label": label}).status_code == 200
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    capsys.readouterr()
    assert main(["labels", "agreement", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    pairs = {tuple(p["pair"]): p for p in report["pairs"]}
    assert pairs[("ana", "luis")]["shared"] == 6 and pairs[("ana", "luis")]["agree"] == 4
    assert pairs[("ana", "luis")]["kappa"] == pytest.approx(1 / 3)
    assert pairs[("ana", "sofia")]["kappa"] is None
    assert pairs[("ana", "sofia")]["undefined"] == "fewer than 2 shared ads"
    assert report["overall_agreement"] == pytest.approx((4 + 1 + 1) / 8)
    assert {c["id"] for c in report["conflicts"]} == {ids["ring-2"], ids["tiny"]}
    assert main(["labels", "agreement"]) == 0
    out = capsys.readouterr().out
    assert "ana / luis" in out and "0.333" in out and "undefined (fewer than 2 shared ads)" in out
    # the ad page shows who said what
    page = login(app, "sofia").get(f"/ads/{ids['ring-2']}").text
    assert 'id="disagreement"' in page and "luis" in page and "ana" in page
    assert 'id="disagreement"' not in login(app, "sofia").get(f"/ads/{ids['ring-0']}").text

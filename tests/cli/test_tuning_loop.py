"""The whole tuning loop on the real engine, through the CLI as a user runs it (issue 10 item 8).

Demo ads crawled and scored by the promoted version v0 (``tuning_site``); two labellers label
some through the workbench JSON API; ``train --from-labels --register``; ``models compare`` and
``promote`` on held-out postings; ``rescore`` into a new index version behind the alias;
``models rollback`` + ``rescore --rollback`` put the old version and the old index back.
The same commands are walked through in docs/models.md ("The tuning loop, end to end").
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.workbench.helpers import FAST_HASHER, PASSWORD, api_client

pytestmark = [pytest.mark.integration, pytest.mark.slow]

HELDOUT = "data/extra/heldout"
TEST = ["--test", f"{HELDOUT}/postings-lures-test.jsonl", "--test", f"{HELDOUT}/postings-legit-test.jsonl"]
TRAIN = ["data/labelled/ads-dev-es.jsonl", "data/labelled/ads-dev-en-pt.jsonl"]
LURE = {"id": "lure-1", "title": "Modelos para Europa", "lang": "es",
        "text": "Viaje pagado, urgente, sin experiencia, fotos por WhatsApp +57 555 0100 (Agencia Inventada)"}
NAME = {1: "deceptive", 0: "legitimate"}


def _alias(site) -> list[str]:
    """Indices behind the ads alias, from the engine's _alias API."""
    found = site.index.engine.request("GET", f"/_alias/{site.index.ads_alias}")
    return sorted(name for name, info in found.items() if site.index.ads_alias in info.get("aliases", {}))


def _scored_by(site) -> str:
    proc = site.cli(["score", "-"], stdin=json.dumps(LURE) + "\n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[0])["model_version"]


def _label_through_the_api(site, tmp_path) -> dict[str, dict[str, str]]:
    """ana labels 8 ads, bea 8 (4 shared, one of them the other way): {ad id: {user: label}}."""
    from workbench import create_app
    from workbench.backend import Backend

    app = create_app(Backend(site.index), secret="tuning-loop-secret", password_hasher=FAST_HASHER,
                     evidence_dir=tmp_path / "evidence")
    for name in ("ana", "bea"):
        app.state.users.add(name, "labeller", PASSWORD, f"{name}@example.org")
    clients = {n: api_client(app, n) for n in ("ana", "bea")}
    ids = list(site.truth)[:12]  # the first ads of the demo manifest: the same ads every run
    plan = {"ana": ids[:8], "bea": ids[4:]}
    votes: dict[str, dict[str, str]] = {}
    for user, mine in plan.items():
        for ad_id in mine:
            label = NAME[site.truth[ad_id]]
            if user == "bea" and ad_id == ids[5]:
                label = NAME[1 - site.truth[ad_id]]  # the one disagreement
            res = clients[user].post(f"/api/ads/{ad_id}/label", json={"label": label, "note": f"{user} checked"})
            assert res.status_code == 200, res.text
            votes.setdefault(ad_id, {})[user] = label
    return votes


def test_tuning_loop_label_train_compare_promote_rescore_rollback(tuning_site, tiny_models, tmp_path):
    site, v0 = tuning_site, tuning_site.v0
    # 1. the demo ads, all scored by v0, behind the alias on the first index version
    n_ads = len(site.ads)
    assert n_ads == len(site.truth) == 68 and {a["model_version"] for a in site.ads.values()} == {v0}
    [first_index] = _alias(site)

    # 2. two labellers through the API
    votes = _label_through_the_api(site, tmp_path)
    conflict = [ad_id for ad_id, v in votes.items() if len(set(v.values())) > 1]
    assert len(votes) == 12 and len(conflict) == 1
    labelled = {ad_id: a for ad_id, a in site.stored().items() if a.get("labels")}
    assert set(labelled) == set(votes)
    assert all({e["user"]: e["label"] for e in labelled[i]["labels"]} == votes[i] for i in votes)

    # 3. train on the files and the index's labels, into the registry (not promoted)
    trained = site.cli_json(["train", *TRAIN, "--from-labels", "--kind", "charngram", "--folds", "3",
                             "--out", str(tmp_path / "m1"), "--register"])
    v1 = trained["model_version"]
    labels = trained["labels"]
    assert labels["rows"] == 11 and labels["excluded"] == 1 and [c["id"] for c in labels["conflicts"]] == conflict
    assert labels["per_labeller"] == {u: dict(Counter(v[u] for v in votes.values() if u in v)) for u in ("ana", "bea")}
    listed = {r["version"]: r for r in site.cli_json(["models", "list"])}
    assert listed[v1]["n_train"] and not listed[v1]["promoted"] and listed[v0]["promoted"]

    # 4. compare the new version with the one in use, on held-out postings neither was trained on
    compared = site.cli_json(["models", "compare", v0, v1, *TEST])["versions"]
    assert compared[v0]["all_n"] == compared[v1]["all_n"] == 42
    margin = 0.005  # ANZUELO_MODELS_PROMOTE_MARGIN's default
    worse = compared[v1]["all_pr_auc"] < compared[v0]["all_pr_auc"] - margin
    print(f"PR-AUC@2% on 42 held-out postings: {v0} {compared[v0]['all_pr_auc']:.3f}, {v1} "
          f"{compared[v1]['all_pr_auc']:.3f} ({'worse: forced' if worse else 'not worse'})")

    # 5. promote: a clearly worse version (labels flipped) is refused and changes nothing; v1 is
    # refused too when worse than v0, then forced; the audit log says which
    refused = site.cli(["models", "promote", str(tiny_models["bad"]), *TEST])
    assert refused.returncode == 1 and "refused" in refused.stderr and "--force" in refused.stderr
    assert len((site.models_dir / "audit.jsonl").read_text().splitlines()) == 1  # only v0's promotion
    assert _scored_by(site) == v0
    if worse:
        refused = site.cli(["models", "promote", v1, *TEST])
        assert refused.returncode == 1 and "refused" in refused.stderr and "--force" in refused.stderr
        assert _scored_by(site) == v0
    promoted = site.cli_json(["models", "promote", v1, *TEST, *(["--force"] if worse else [])])
    assert promoted["promoted"] and promoted["previous"] == v0 and promoted["worse"] == worse
    assert promoted["engine_audit"] == "written"
    audit = [json.loads(x) for x in (site.models_dir / "audit.jsonl").read_text().splitlines()]
    assert audit[-1]["action"] == ("model-promote-forced" if worse else "model-promote") and audit[-1]["target"] == v1
    assert _scored_by(site) == v1

    # 6. rescore: a new index version behind the alias, same ads, same labels and dates, all scored by v1
    before = site.stored()
    done = site.cli_json(["rescore"])
    assert done["swapped"] and done["model_version"] == v1 and done["read"] == n_ads and done["failed"] == 0
    assert done["source_count"] == done["target_count"] == n_ads
    [second_index] = _alias(site)
    assert second_index != first_index and second_index == done["index"]
    after = site.stored()
    assert set(after) == set(before) and site.index.count() == n_ads
    assert {a["model_version"] for a in after.values()} == {v1}
    for ad_id, ad in before.items():
        kept = {k: after[ad_id].get(k) for k in ("label", "labels", "first_seen", "last_seen", "evidence")}
        assert kept == {k: ad.get(k) for k in kept}, ad_id

    # a label saved on the new index version, before the rollback
    late = list(site.truth)[12]
    from workbench.backend import Backend
    from workbench.labels import apply_label

    apply_label(Backend(site.index), late, "deceptive", "after the swap", "bea")

    # 7. roll back the model and the index version: v0 again, the old index, the late label carried back
    back = site.cli_json(["models", "rollback"])
    assert back["version"] == v0 and back["previous"] == v1
    restored = site.cli_json(["rescore", "--rollback"])
    assert restored["index"] == first_index and restored["previous"] == second_index
    assert _alias(site) == [first_index] and site.index.count() == n_ads
    old = site.stored()
    assert {a["model_version"] for a in old.values()} == {v0}
    assert all(old[i]["labels"] == after[i]["labels"] for i in votes)
    assert [(e["user"], e["label"]) for e in old[late]["labels"]] == [("bea", "deceptive")]
    assert _scored_by(site) == v0

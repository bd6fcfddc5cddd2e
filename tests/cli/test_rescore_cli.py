"""`anzuelo rescore`: ads scored by another model version get the current model's scores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from index import doc_id
from tests.crawler.crawl_helpers import ROOT, anzuelo, anzuelo_command, crawl_env
from tests.index.rescore_helpers import index_ads, invented_ad
from tests.crawler.harness import ad, run_pipelines

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_rescore_cli_updates_outdated_scores_and_keeps_the_rest(tmp_path, engine, engine_url):
    items = [ad(1, "Viaje pagado a Europa, urgente, enviar fotos por WhatsApp +57 300 111 2233"), ad(2)]
    run_pipelines(tmp_path, items, {
        "ITEM_PIPELINES": {"crawler.pipelines.validate.ValidatePipeline": 100,
                           "crawler.pipelines.incremental.IncrementalPipeline": 200,
                           "crawler.pipelines.score.ScorePipeline": 300,
                           "crawler.pipelines.index.IndexPipeline": 800},
        "ANZUELO_ENGINE_URL": engine_url, "ANZUELO_INDEX_PREFIX": engine.prefix, "ANZUELO_SOURCE": "unit",
        "ANZUELO_STATE_DIR": str(tmp_path / "state"),
        "ANZUELO_SCORER_FACTORY": "tests.crawler.pipeline_harness.stub_factory",
    })
    key = doc_id("http://jobs.test/ad/1")
    before = engine.mget([key])[key]
    assert before["model_version"] == "stub-1"
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)

    proc = anzuelo(["rescore", "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["candidates"] == result["rescored"] == 2 and result["failed"] == 0
    after = engine.mget([key])[key]
    assert after["model_version"] == result["model_version"] != "stub-1"
    assert after["first_seen"] == before["first_seen"] and after["text"] == before["text"]

    again = json.loads(anzuelo(["rescore", "--json"], env).stdout.strip().splitlines()[-1])
    assert again["candidates"] == 0  # everything is current now


# --- a new index version behind the alias (index.rescore): the real model, real processes ---------------------------

def _env(tmp_path, engine, engine_url) -> dict[str, str]:
    return {**crawl_env(tmp_path / "home", engine_url, engine.prefix), "ANZUELO_RESCORE_GRACE": "0.2"}


def _last_json(proc) -> dict:
    assert proc.stdout.strip(), proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _targets(engine) -> list[str]:
    from index.aliases import alias_targets

    return alias_targets(engine.engine, engine.ads_alias)


def _checkpoint(tmp_path, engine, i: int = 0, n: int = 1) -> dict:
    path = tmp_path / "home" / "rescore" / engine.ads_alias / f"slice-{i}-of-{n}.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def test_rescore_cli_two_slice_processes_cover_every_ad_once_then_swap(tmp_path, engine, engine_url):
    ads = index_ads(engine, 24, {4: "deceptive"})
    env, v1 = _env(tmp_path, engine, engine_url), f"{engine.prefix}-ads-v1"
    procs = [subprocess.Popen([*anzuelo_command(), "rescore", "--slice", f"{i}/2", "--batch-size", "5", "--json"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs[0][1][-2000:] + outs[1][1][-2000:]
    parts = [json.loads(o.strip().splitlines()[-1]) for o, _ in outs]
    assert all(p["read"] > 0 and p["swapped"] is False for p in parts) and sum(p["read"] for p in parts) == 24
    assert _targets(engine) == [v1]  # slices alone never swap
    done = _last_json(anzuelo(["rescore", "--json"], env))
    assert done["swapped"] and done["read"] == done["rescored"] == 24 and done["resumed"] == 24
    assert done["source_count"] == done["target_count"] == 24 and _targets(engine) == [f"{v1}-r2"]
    stored = engine.mget([a["id"] for a in ads])
    assert len({a["model_version"] for a in stored.values()}) == 1 and stored[ads[4]["id"]]["label"] == "deceptive"
    assert all(stored[a["id"]]["first_seen"] == a["first_seen"] and stored[a["id"]]["evidence"] == a["evidence"]
               for a in ads)


def test_rescore_cli_resumes_after_sigkill_then_rolls_back(tmp_path, engine, engine_url):
    index_ads(engine, 40, {7: "legitimate"})
    env, v1 = _env(tmp_path, engine, engine_url), f"{engine.prefix}-ads-v1"
    proc = subprocess.Popen([*anzuelo_command(), "rescore", "--batch-size", "4", "--json"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 500
    while _checkpoint(tmp_path, engine).get("read", 0) < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = _checkpoint(tmp_path, engine)
    assert 8 <= at_kill["read"] < 40 and not at_kill["done"], at_kill
    assert _targets(engine) == [v1]  # killed mid-copy: the alias never moved
    again = _last_json(anzuelo(["rescore", "--batch-size", "4", "--json"], env))
    assert again["resumed"] >= at_kill["read"] and again["read"] == 40 and again["swapped"]
    assert again["index"] == f"{v1}-r2" and engine.count() == 40 and _targets(engine) == [f"{v1}-r2"]
    assert engine.get_ad(invented_ad(7)["id"])["label"] == "legitimate"
    back = _last_json(anzuelo(["rescore", "--rollback", "--json"], env))
    assert back["index"] == v1 and _targets(engine) == [v1] and engine.count() == 40


@pytest.mark.timeout(1200)  # three processes load the model: minutes on a busy machine
def test_rescore_cli_labels_saved_during_the_rescore_survive(tmp_path, engine, engine_url):
    from workbench.backend import Backend
    from workbench.labels import apply_label

    index_ads(engine, 14)
    env = _env(tmp_path, engine, engine_url)
    proc = subprocess.Popen([*anzuelo_command(), "rescore", "--slices", "2", "--batch-size", "2", "--json"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    backend, saved, n = Backend(engine), {}, 0
    while proc.poll() is None:  # an investigator labels ads while the copy runs, up to the swap
        ad_id = invented_ad(n % 14)["id"]
        saved.setdefault(ad_id, []).append(apply_label(backend, ad_id, ("deceptive", "legitimate")[n % 2],
                                                       f"note {n}", f"user{n % 3}")["labels"][-1])
        n += 1
        time.sleep(0.25)
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    result = json.loads(out.strip().splitlines()[-1])
    assert result["swapped"] and result["target_count"] == 14 and n >= 3
    stored = engine.mget(saved)
    for ad_id, entries in saved.items():
        assert all(e in stored[ad_id]["labels"] for e in entries), (ad_id, entries, stored[ad_id]["labels"])
        assert stored[ad_id]["label"] == entries[-1]["label"]


def test_rescore_cli_counts_mismatch_exits_1_and_leaves_the_alias(tmp_path, engine, engine_url):
    index_ads(engine, 10)
    env, v1 = _env(tmp_path, engine, engine_url), f"{engine.prefix}-ads-v1"
    assert anzuelo(["rescore", "--slice", "0/1", "--json"], env).returncode == 0
    engine.engine.request("DELETE", f"/{v1}-r2/_doc/{invented_ad(2)['id']}", params={"refresh": "true"})
    proc = anzuelo(["rescore"], env)
    assert proc.returncode == 1 and "holds 9 ads but" in proc.stderr and "still points at" in proc.stderr
    assert "Traceback" not in proc.stderr and _targets(engine) == [v1]
    aborted = _last_json(anzuelo(["rescore", "--abort", "--json"], env))
    assert aborted["aborted"] == f"{v1}-r2" and engine.engine.request("GET", f"/{v1}-r2", ignore=(404,)) is None

"""`anzuelo models`: train two tiny models, register, compare, promote (refused when worse, forced and
audited), and check that score and a crawl load the promoted version; rollback restores the previous one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.crawler.harness import ad, run_pipelines

ROOT = Path(__file__).resolve().parents[2]
LURE = {"id": "x1", "title": "Trabajo en Europa", "lang": "es",
        "text": "Viaje pagado, urgente, enviar fotos por WhatsApp +57 555 0100"}


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANZUELO_")}
    # An engine nobody listens on: the engine audit is reported as not written, the local one always is.
    return {**env, "ANZUELO_HOME": str(home), "HF_HUB_OFFLINE": "1", "ANZUELO_ENGINE_URL": "http://127.0.0.1:9",
            **extra}


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "anzuelo", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=600)


def ok_json(args: list[str], env: dict[str, str]):
    proc = run([*args, "--json"], env)
    assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


def scored_version(env: dict[str, str]) -> str:
    proc = run(["score", "-"], env, stdin=json.dumps(LURE) + "\n")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[0])["model_version"]


@pytest.mark.slow
def test_models_cli_tuning_loop(model_slices, tmp_path):
    home = tmp_path / "home"
    env = _env(home)
    versions = {}
    for name in ("train", "flipped"):
        proc = run(["train", str(model_slices[name]), "--kind", "charngram", "--folds", "3", "--out",
                    str(tmp_path / name), "--register"], env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        versions[name] = json.loads((tmp_path / name / "config.json").read_text())["version"]
    good, bad = versions["train"], versions["flipped"]

    listed = {r["version"]: r for r in ok_json(["models", "list"], env)}
    assert set(listed) == {"builtin", good, bad} and listed["builtin"]["promoted"]
    assert listed[good]["data_fingerprint"] == good.split("-", 1)[1]

    test = ["--test", str(model_slices["test"])]
    res = ok_json(["models", "compare", good, bad, *test, "--prevalence", "0.05"], env)
    assert res["versions"][good]["all_pr_auc"] > res["versions"][bad]["all_pr_auc"]
    text = run(["models", "compare", good, bad, *test], env)
    assert text.returncode == 0 and "all PR-AUC" in text.stdout and good in text.stdout and "es P@R80" in text.stdout

    untested = run(["models", "promote", good], env)
    assert untested.returncode == 2 and "--test" in untested.stderr
    first = ok_json(["models", "promote", good, "--force"], env)  # untested: forced, audited
    assert first["promoted"] and first["forced"]
    assert scored_version(env) == good

    refused = run(["models", "promote", bad, *test], env)
    assert refused.returncode == 1 and "refused" in refused.stderr and "--force" in refused.stderr
    assert scored_version(env) == good
    forced = ok_json(["models", "promote", bad, *test, "--force"], env)
    assert forced["worse"] and forced["previous"] == good and forced["engine_audit"].startswith("not written")
    assert scored_version(env) == bad

    # A crawl with no --model scores with the promoted version too.
    feed = tmp_path / "items.jsonl"
    run_pipelines(tmp_path, [ad(1, LURE["text"])], {
        "ITEM_PIPELINES": {"crawler.pipelines.validate.ValidatePipeline": 100,
                           "crawler.pipelines.score.ScorePipeline": 300},
        "FEEDS": {str(feed): {"format": "jsonlines"}}, "ANZUELO_STATE_DIR": str(tmp_path / "state")})
    assert json.loads(feed.read_text().splitlines()[0])["model_version"] == bad

    back = ok_json(["models", "rollback"], env)
    assert back["version"] == good and scored_version(env) == good
    assert ok_json(["models", "show", good], env)["promoted"]
    ok_json(["models", "rollback"], env)
    nothing = run(["models", "rollback"], env)
    assert nothing.returncode == 1 and "nothing to roll back" in nothing.stderr

    audit = [json.loads(x) for x in (home / "models" / "audit.jsonl").read_text().splitlines()]
    assert [a["action"] for a in audit] == ["model-promote-forced", "model-promote-forced", "model-rollback",
                                            "model-rollback"]
    assert "over a worse score" in audit[1]["detail"] and audit[1]["target"] == bad


def test_models_cli_convert_needs_trust_and_bad_version_exits_2(tmp_path):
    env = _env(tmp_path / "home")
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "config.json").write_text(json.dumps({"kind": "combo", "version": "combo-old"}))
    (legacy / "heads.joblib").write_bytes(b"not even read")
    proc = run(["models", "convert", str(legacy)], env)
    assert proc.returncode == 1 and "--trust" in proc.stderr
    proc = run(["score", "--model", str(legacy), "-"], env, stdin=json.dumps(LURE) + "\n")
    assert proc.returncode == 1 and "anzuelo models convert" in proc.stderr and "Traceback" not in proc.stderr
    proc = run(["models", "show", "combo-nope"], env)
    assert proc.returncode == 2 and "known versions: builtin" in proc.stderr


@pytest.mark.integration
def test_models_cli_promotion_is_audited_in_the_engine(tiny_models, tmp_path, engine, engine_url):
    from workbench import audit
    from workbench.backend import Backend

    env = _env(tmp_path / "home", ANZUELO_ENGINE_URL=engine_url, ANZUELO_INDEX_PREFIX=engine.prefix)
    assert ok_json(["models", "register", str(tiny_models["good"])], env)["version"] == "charngram-good"
    result = ok_json(["models", "promote", "charngram-good", "--force"], env)
    assert result["engine_audit"] == "written"
    entries = audit.query(Backend(engine), action="model-promote-forced")
    assert [(e["target"], e["role"]) for e in entries] == [("charngram-good", "cli")]

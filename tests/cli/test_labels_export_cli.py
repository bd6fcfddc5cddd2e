"""``anzuelo labels export`` against the real node: training schema, unsure left out, file or stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anzuelo.cli import main
from index import doc_id
from workbench.backend import Backend
from workbench.labels import apply_label

pytestmark = pytest.mark.integration
TRAINING = Path(__file__).resolve().parents[2] / "data" / "labelled" / "ads-dev-es.jsonl"


def ad(n: int, **extra) -> dict:
    url = f"https://l.test/{n}"
    return {"canonical_url": url, "url": url, "title": f"Anuncio {n}", "text": f"Texto del anuncio {n}.",
            "source": "demo-jobs", "country": "CO", "lang": "es", "score": 0.5, "risk": "medium", **extra}


@pytest.fixture
def labelled(engine, monkeypatch):
    """Four ads: deceptive (relabelled from unsure), legitimate, unsure, unlabelled."""
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    engine.ensure_ads_index()
    engine.bulk_upsert([ad(1, indicators=["pays_travel"]), ad(2), ad(3), ad(4)])
    engine.refresh()
    be = Backend(engine)
    ids = {n: doc_id(f"https://l.test/{n}") for n in range(1, 5)}
    apply_label(be, ids[1], "unsure", "check", "ana")
    apply_label(be, ids[1], "deceptive", "same phone as ring A", "luis")
    apply_label(be, ids[2], "legitimate", "real firm", "ana")
    apply_label(be, ids[3], "unsure", "", "ana")
    engine.refresh()
    return ids


def test_export_to_file_in_training_schema(labelled, tmp_path, capsys):
    out = tmp_path / "labels.jsonl"
    assert main(["labels", "export", "--out", str(out)]) == 0
    assert f"2 labelled ads written to {out}" in capsys.readouterr().err
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {labelled[1], labelled[2]}  # unsure and unlabelled left out
    deceptive, legitimate = rows[labelled[1]], rows[labelled[2]]
    assert (deceptive["label"], legitimate["label"]) == (1, 0)
    assert deceptive["note"] == "same phone as ring A" and deceptive["labelled_by"] == "luis"
    assert deceptive["indicators"] == ["pays_travel"] and deceptive["category"] == "investigator_label"
    # Every column of the bundled training data except the curators' difficulty grade.
    reference = json.loads(TRAINING.read_text(encoding="utf-8").splitlines()[0])
    assert set(reference) - {"difficulty"} <= set(deceptive)
    for key in set(reference) - {"difficulty"}:
        assert type(deceptive[key]) is type(reference[key]), key


def test_export_to_stdout(labelled, capsys):
    assert main(["labels", "export"]) == 0
    captured = capsys.readouterr()
    assert sorted(json.loads(line)["label"] for line in captured.out.splitlines()) == [0, 1]
    assert "2 labelled ads written" in captured.err


def test_export_nothing_labelled(engine, monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    assert main(["labels", "export"]) == 0  # not even an ads index yet
    captured = capsys.readouterr()
    assert captured.out == "" and "0 labelled ads written" in captured.err

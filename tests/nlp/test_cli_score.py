"""``anzuelo score``: JSONL in, JSONL out in order, error lines for bad input, exit code 4."""

from __future__ import annotations

import json

from click.testing import CliRunner

from anzuelo.cli import cli
from anzuelo.errors import EXIT_PARTIAL

ADS = [
    {"id": "a", "text": "Chicas 18 a 25 años, viaje pagado, WhatsApp 300 123 4567", "country": "CO"},
    {"id": "b", "title": "Auxiliar contable", "text": "Guaduales S.A.S. requiere auxiliar. HV a rh@guaduales.com.co", "lang": "es"},
]


def _run(args, stdin=None):
    return CliRunner().invoke(cli, ["score", *args], input=stdin, standalone_mode=False)


def test_score_file_with_malformed_lines_in_the_middle(tmp_path):
    lines = [json.dumps(ADS[0]), "{not json", json.dumps({"id": "x"}), json.dumps({"text": 3}), "", json.dumps(ADS[1])]
    src = tmp_path / "ads.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _run([str(src), "--output", str(out), "--batch-size", "1"])
    assert result.return_value == EXIT_PARTIAL
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") or r.get("line") for r in rows] == ["a", 2, 3, 4, "b"]
    assert "JSON" in rows[1]["error"] and "text" in rows[2]["error"] and "string" in rows[3]["error"]
    # The short accounting ad sits near the medium threshold (a 10%-precision cut at 2% prevalence): the
    # CLI contract is the order and the fields; the lure is flagged, the posting ranks far below it.
    assert rows[0]["risk"] in {"medium", "high"} and rows[4]["risk"] != "high"
    assert rows[4]["score"] < rows[0]["score"] / 10
    for key in ("score", "risk", "indicators", "entities", "lang", "model_version", "country"):
        assert key in rows[0]
    assert "line 2" in result.stderr


def test_score_stdin_all_good_exit_zero():
    result = _run(["-"], stdin="".join(json.dumps(a) + "\n" for a in ADS))
    assert result.return_value == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["entities"]["whatsapp"] == ["+573001234567"]


def test_score_bad_model_dir(tmp_path):
    from anzuelo.cli import main

    assert main(["score", "-", "--model", str(tmp_path)]) == 2

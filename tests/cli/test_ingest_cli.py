"""``anzuelo ingest``: chat exports scored (and indexed) by the crawl's own pipelines."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from anzuelo.cli import main
from crawler.evidence import read_evidence
from crawler.ingest.message import Message, export_url
from tests.crawler.crawl_helpers import anzuelo, crawl_env
from tests.fixtures.channels import TELEGRAM_EXPORT, WHATSAPP

ANDROID_ES = WHATSAPP / "Chat de WhatsApp con Empleos Medellín.txt"


def test_ingest_cli_help_lists_formats(capsys):
    assert main(["ingest", "--help"]) == 0
    out = capsys.readouterr().out
    assert "WhatsApp" in out and "result.json" in out and "--no-index" in out and "--json" in out


def test_ingest_cli_bad_file_exit_2_with_line_number(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("lista de compras\n12/03/2024, 14:05 - Ana: hola\n", encoding="utf-8")
    assert main(["ingest", str(bad), "--no-index", "--output", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "line 1: not a WhatsApp chat line" in err and "Traceback" not in err
    broken = tmp_path / "result.json"
    broken.write_text('{"name": "x",\n"messages": [}\n', encoding="utf-8")
    assert main(["ingest", str(broken), "--no-index", "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "line 2: not valid JSON" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.txt"), "--no-index", "--output", "o.jsonl"]) == 2


def test_ingest_cli_no_index_without_output_refused(capsys):
    assert main(["ingest", str(ANDROID_ES), "--no-index"]) == 2
    assert "--output" in capsys.readouterr().err


@pytest.mark.slow
def test_ingest_cli_no_index_writes_scored_jsonl_and_keeps_the_file(tmp_path):
    out = tmp_path / "ads.jsonl"
    env = crawl_env(tmp_path / "home", "http://127.0.0.1:9", "unused")  # no engine needed, none reachable
    proc = anzuelo(["ingest", str(ANDROID_ES), "--no-index", "--output", str(out), "--country", "CO",
                    "--timezone", "America/Bogota", "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    sha = hashlib.sha256(ANDROID_ES.read_bytes()).hexdigest()
    assert summary["sha256"] == sha and summary["kind"] == "whatsapp" and summary["chats"] == ["Empleos Medellín"]
    assert summary["scored"] == 5 and summary["failed"] == 0
    assert summary["dropped"] == {"chatexport/chitchat": 3, "chatexport/system": 2, "chatexport/media_only": 2,
                                  "chatexport/deleted": 1}
    ads = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ads) == 5 and len({a["canonical_url"] for a in ads}) == 5
    for ad in ads:
        assert 0.0 <= ad["score"] <= 1.0 and ad["risk"] in ("low", "medium", "high") and ad["model_version"]
        assert ad["channel"] == "Empleos Medellín" and ad["source"] == "whatsapp:Empleos Medellín"
        assert ad["evidence"]["sha256"] == sha and ad["evidence"]["file"] == ANDROID_ES.name
    lure = next(a for a in ads if a["sender"] == "+57 301 5550142")
    bakery = next(a for a in ads if a["sender"] == "Panadería La Espiga")
    assert lure["posted_at"] == "2024-03-14T14:41:00Z"  # 09:41 in Bogotá
    assert "+573015550142" in lure["whatsapp"]  # the sender's own number
    # ids come from the time as exported, so --timezone never makes a message new again
    local = Message(chat="Empleos Medellín", sender=lure["sender"], at="2024-03-14T09:41:00",
                    text="\n".join(filter(None, (lure["title"], lure["text"]))))
    assert lure["canonical_url"] == export_url("whatsapp", local)
    assert lure["score"] > 0.5 > bakery["score"]
    assert next(a for a in ads if a["attachments"])["attachments"] == ["IMG-20240314-WA0007.jpg"]
    # the original file, byte for byte, in the evidence store
    headers, body = read_evidence(summary["evidence"])
    assert body == ANDROID_ES.read_bytes() and headers[":url"].endswith(f"/{sha}/Chat%20de%20WhatsApp%20con%20Empleos%20Medell%C3%ADn.txt")


@pytest.mark.integration
@pytest.mark.slow
def test_ingest_cli_reingest_adds_nothing_later_export_adds_only_new(tmp_path, engine, engine_url):
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    first = anzuelo(["ingest", str(TELEGRAM_EXPORT), "--json"], env)
    assert first.returncode == 0, first.stderr[-3000:]
    one = json.loads(first.stdout)
    assert (one["new"], one["indexed"], one["failed"]) == (3, 3, 0)
    assert one["dropped"]["chatexport/chitchat"] == 2
    engine.refresh()
    docs = {d["message_id"]: d for d in engine.scan({"query": {"match_all": {}}})}
    assert sorted(docs) == ["2", "4", "6"]
    assert docs["4"]["forwarded_from"] == "Empleos Verificados RD" and docs["4"]["sender"] == "Luis Ferrer"
    assert docs["2"]["channel"] == "Vacantes Caribe 2024" and docs["2"]["score"] > 0.5
    assert docs["2"]["evidence"]["sha256"] == hashlib.sha256(TELEGRAM_EXPORT.read_bytes()).hexdigest()

    again = json.loads(anzuelo(["ingest", str(TELEGRAM_EXPORT), "--json"], env).stdout)
    assert (again["new"], again["changed"], again["unchanged"], again["indexed"]) == (0, 0, 3, 0)
    assert engine.count() == 3

    # a later export of the same chat: the old messages plus one new offer
    data = json.loads(TELEGRAM_EXPORT.read_text(encoding="utf-8"))
    data["messages"].append({"id": 8, "type": "message", "date": "2024-03-13T10:00:00", "from": "Katherine Mejía",
                             "text": "Nueva convocatoria: meseras para crucero, salida desde Cartagena, sin experiencia"})
    later = tmp_path / "export-later" / "result.json"
    later.parent.mkdir()
    later.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    third = json.loads(anzuelo(["ingest", str(later), "--json"], env).stdout)
    assert (third["new"], third["unchanged"]) == (1, 3)
    assert engine.count() == 4
    shutil.rmtree(later.parent)


@pytest.mark.parametrize(("option", "message"), [
    (["--timezone", "America/Atlantida"], "--timezone: Value error, unknown time zone"),
    (["--country", "Colombia"], "--country: Value error, country must be an ISO 3166-1 alpha-2 code"),
])
def test_ingest_cli_bad_option_exit_2(tmp_path, capsys, option, message):
    assert main(["ingest", str(ANDROID_ES), "--no-index", "--output", str(tmp_path / "o.jsonl"), *option]) == 2
    assert message in capsys.readouterr().err

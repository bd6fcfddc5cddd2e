"""Telegram Desktop JSON exports: entity-list texts, hidden links, forwards, media and service messages."""

from __future__ import annotations

import json

import pytest

from anzuelo.errors import InputError
from crawler.ingest.files import read_export
from crawler.ingest.tgexport import flatten, parse_telegram_export
from tests.fixtures.channels import TELEGRAM_EXPORT


def test_ingest_tgexport_messages_entities_and_forwards():
    export, chats = read_export(TELEGRAM_EXPORT)
    chat = chats[0]
    assert chat.kind == "telegram-export" and chat.chat == "Vacantes Caribe 2024"
    assert dict(chat.skipped) == {"service": 1, "media_only": 1}
    by_id = {m.message_id: m for m in chat.messages}
    assert sorted(by_id) == ["2", "3", "4", "6", "7"]
    lure = by_id["2"]
    assert lure.sender == "Katherine Mejía" and lure.sender_id == "user5550102"
    assert lure.at == "2024-03-10T14:15:42Z"  # date_unixtime: UTC; "date" is 09:15:42 on a UTC-5 computer
    assert lure.text.startswith("🌴 TRABAJO EN CANCÚN para chicas") and "tu edad aquí\nNo se necesita" in lure.text
    assert lure.links == ["https://wa.me/5215550104477"]  # the href behind "aquí"
    forwarded = by_id["4"]
    assert forwarded.forwarded_from == "Empleos Verificados RD" and forwarded.sender == "Luis Ferrer"
    assert forwarded.text.endswith("seleccion@hotelarenas.example.do")
    photo = by_id["6"]
    assert photo.attachments == ["photos/photo_6@12-03-2024_08-20-00.jpg"] and "@estrella_talentos_vip" in photo.text


def test_ingest_tgexport_whole_account_export_and_plain_text():
    data = {"chats": {"list": [
        {"name": "Ofertas A", "type": "private_group", "id": 1, "messages": [
            {"id": 10, "type": "message", "date": "2024-01-02T03:04:05", "from": "Ana",
             "text": "Se necesita niñera interna en Lima, pago mensual"}]},
        {"name": "Ofertas B", "type": "public_channel", "id": 2, "messages": []},
    ]}}
    chats = parse_telegram_export(json.dumps(data))
    assert [c.chat for c in chats] == ["Ofertas A", "Ofertas B"]
    assert chats[0].messages[0].text == "Se necesita niñera interna en Lima, pago mensual"


@pytest.mark.parametrize(("text", "plain", "links"), [
    ("hola", "hola", []),
    (["a ", {"type": "bold", "text": "b"}, {"type": "text_link", "text": "c", "href": "https://x.example/1"}],
     "a bc", ["https://x.example/1"]),
    ([{"type": "text_link", "text": "x", "href": "javascript:alert(1)"}], "x", []),  # never kept as a link
    (None, "", []),
])
def test_ingest_tgexport_flatten(text, plain, links):
    assert flatten(text) == (plain, links)


@pytest.mark.parametrize(("body", "message"), [
    ('{"name": "x",\n "messages": [\n {"id": 1,, }]}', r"line 3: not valid JSON"),
    ("[1, 2]", r"line 1: a Telegram export is a JSON object"),
    ('{"name": "x"}', r"line 1: no 'messages' list"),
])
def test_ingest_tgexport_bad_json_names_the_line(tmp_path, body, message):
    path = tmp_path / "result.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_export(path)


@pytest.mark.parametrize(("fields", "at"), [
    ({"date": "2024-03-12T09:05:33", "date_unixtime": "1710252333"}, "2024-03-12T14:05:33Z"),
    ({"date": "2024-03-12T14:05:33"}, "2024-03-12T14:05:33"),  # older exports: local time as written
    ({"date": "12/03/2024", "date_unixtime": "x"}, None),  # never an unindexable date
])
def test_ingest_tgexport_dates(fields, at):
    data = {"name": "x", "messages": [{"id": 1, "type": "message", "text": "Se busca cocinera en Quito", **fields}]}
    assert parse_telegram_export(json.dumps(data))[0].messages[0].at == at

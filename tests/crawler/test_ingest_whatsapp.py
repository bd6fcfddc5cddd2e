"""WhatsApp chat exports: Android and iOS lines, es/pt/en date styles, multi-line messages, media, system notes."""

from __future__ import annotations

import pytest

from anzuelo.errors import InputError
from crawler.ingest.chatdates import DateError, Stamp, detect_order, to_iso
from crawler.ingest.files import chat_name, decode_lines, read_export
from crawler.ingest.whatsapp import parse_whatsapp
from tests.fixtures.channels import WHATSAPP


def _chat(name: str):
    export, chats = read_export(WHATSAPP / name)
    assert len(chats) == 1 and export.sha256 and len(export.sha256) == 64
    return chats[0]


def test_ingest_whatsapp_android_es_messages_media_and_system_lines():
    chat = _chat("Chat de WhatsApp con Empleos Medellín.txt")
    assert chat.kind == "whatsapp" and chat.chat == "Empleos Medellín"
    # encryption notice and "creó el grupo"; two media-only messages; one deleted message
    assert dict(chat.skipped) == {"system": 2, "media_only": 2, "deleted": 1}
    by_line = {m.line: m for m in chat.messages}
    lure = by_line[5]
    assert lure.sender == "+57 301 5550142" and lure.at == "2024-03-14T09:41:00"
    assert lure.text.splitlines()[1].startswith("Pago diario desde 300.000 pesos")  # multi-line kept
    assert lure.text.splitlines()[-1].endswith("solo por privado")
    caption = by_line[11]  # attachment line + caption on the next line
    assert caption.attachments == ["IMG-20240314-WA0007.jpg"] and caption.text.startswith("Viaje a México")
    edited = by_line[15]
    assert edited.text.endswith("sigue abierta?") and "<Se editó" not in edited.text
    assert [m.sender for m in chat.messages].count("Andrés Quintero") == 3  # "ok", the caption, the emoji


def test_ingest_whatsapp_ios_es_marks_12h_clock_and_attachments():
    chat = _chat("WhatsApp Chat - Trabajo Exterior.txt")
    assert chat.chat == "Trabajo Exterior"
    assert dict(chat.skipped) == {"system": 2, "media_only": 2, "deleted": 1}
    first, *_, last = chat.messages
    assert first.sender == "Daniela Vargas" and first.at == "2024-03-14T14:05:33"  # 2:05:33 p. m.
    assert len(first.text.splitlines()) == 4 and "\u200e" not in first.text
    assert last.at == "2024-03-15T12:40:05"  # 12:40 p. m. is noon, not midnight
    assert all("\u200e" not in (m.sender or "") for m in chat.messages)


def test_ingest_whatsapp_android_pt_without_comma():
    chat = _chat("Conversa do WhatsApp com Vagas Zona Leste.txt")
    assert chat.chat == "Vagas Zona Leste"
    assert dict(chat.skipped) == {"system": 1, "media_only": 1, "deleted": 1}
    lure = next(m for m in chat.messages if m.sender.startswith("+55"))
    assert lure.at == "2024-03-13T09:30:00" and len(lure.text.splitlines()) == 3
    bakery = chat.messages[-1]
    assert bakery.attachments == ["IMG-20240313-WA0012.jpg"] and bakery.text.startswith("Padaria no Carrão")


def test_ingest_whatsapp_android_en_month_first_with_am_pm():
    chat = _chat("WhatsApp Chat with Jobs Abroad Group.txt")
    assert chat.chat == "Jobs Abroad Group"
    times = {m.sender: m.at for m in chat.messages}
    assert times["+1 (415) 555-0134"] == "2024-03-14T09:15:00"  # 3/14/24: month first
    assert times["Tom Reyes"] == "2024-03-14T12:47:00"  # 12:47 PM
    assert dict(chat.skipped) == {"system": 1, "media_only": 1, "deleted": 1}


@pytest.mark.parametrize(("dates", "times", "expected"), [
    (["12/03/2024", "14/03/2024"], ["14:05", "09:00"], "dmy"),  # a day above 12
    (["3/14/24", "3/15/24"], ["2:05 PM", "9:00 AM"], "mdy"),  # a month-first date
    (["03/04/24"], ["2:05 PM"], "mdy"),  # undecided: the US clock means month first
    (["03/04/24"], ["2:05 p. m."], "dmy"),  # undecided, Spanish clock: day first
    (["03/04/2024"], ["14:05"], "dmy"),
    (["2024-03-12"], ["14:05:33"], "ymd"),
])
def test_ingest_whatsapp_date_order_detected(dates, times, expected):
    assert detect_order([Stamp(d, t) for d, t in zip(dates, times)]) == expected


@pytest.mark.parametrize(("date", "clock", "order", "iso"), [
    ("12/03/2024", "14:05", "dmy", "2024-03-12T14:05:00"),
    ("12/3/24", "2:05 p. m.", "dmy", "2024-03-12T14:05:00"),
    ("12/3/24", "12:10 a. m.", "dmy", "2024-03-12T00:10:00"),
    ("3/12/24", "2:05:33 PM", "mdy", "2024-03-12T14:05:33"),
    ("12.03.24", "9.05", "dmy", "2024-03-12T09:05:00"),
    ("2024-03-12", "07:00", "ymd", "2024-03-12T07:00:00"),
])
def test_ingest_whatsapp_dates_to_iso(date, clock, order, iso):
    assert to_iso(Stamp(date, clock), order) == iso


def test_ingest_whatsapp_date_order_override_and_impossible_dates():
    lines = ["03/04/2024, 10:00 - Ana: Se busca cocinera con experiencia en Cali"]
    assert parse_whatsapp(lines, "x", "mdy").messages[0].at == "2024-03-04T10:00:00"
    assert parse_whatsapp(lines, "x").messages[0].at == "2024-04-03T10:00:00"
    with pytest.raises(DateError):
        detect_order([Stamp("13/01/2024", "10:00"), Stamp("01/13/2024", "10:00")])
    with pytest.raises(InputError, match="line 2"):
        parse_whatsapp([lines[0], "31/02/2024, 10:00 - Ana: trabajo en bodega de Medellín"], "x")


def test_ingest_whatsapp_bad_file_names_the_line():
    with pytest.raises(InputError, match=r"line 2: not a WhatsApp chat line") as info:
        parse_whatsapp(["", "Hola, esto no es una exportación", "12/03/2024, 14:05 - Ana: hola"], "x")
    assert "hint" in str(info.value)
    with pytest.raises(InputError, match="line 1: no WhatsApp chat lines"):
        parse_whatsapp([], "x")


def test_ingest_whatsapp_undecodable_lines_counted_not_fatal(tmp_path):
    path = tmp_path / "WhatsApp Chat with Ana.txt"
    path.write_bytes(b"12/03/2024, 14:05 - Ana: Se busca mesera para restaurante en Quito\n"
                     b"12/03/2024, 14:06 - Ana: pago semanal \xff\xfe de 120 d\xf3lares\n")
    _, chats = read_export(path)
    assert chats[0].undecodable_lines == 1 and len(chats[0].messages) == 2
    assert "\ufffd" in chats[0].messages[1].text
    assert decode_lines(b"a\nb\n") == (["a", "b"], 0)


@pytest.mark.parametrize(("name", "chat"), [
    ("Chat de WhatsApp con Empleos Medellín.txt", "Empleos Medellín"),
    ("WhatsApp Chat with Jobs Abroad Group.txt", "Jobs Abroad Group"),
    ("WhatsApp Chat - Trabajo Exterior.zip", "Trabajo Exterior"),
    ("Conversa do WhatsApp com Vagas Zona Leste.txt", "Vagas Zona Leste"),
    ("mi_chat.txt", "mi_chat"),
])
def test_ingest_whatsapp_chat_name_from_file_name(name, chat):
    from pathlib import Path

    assert chat_name(Path(name)) == chat


def test_ingest_whatsapp_zip_export_reads_chat_txt(tmp_path):
    import zipfile

    path = tmp_path / "WhatsApp Chat - Trabajo Exterior.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", (WHATSAPP / "WhatsApp Chat - Trabajo Exterior.txt").read_bytes())
        zf.writestr("00000014-PHOTO-2024-03-15-09-12-00.jpg", b"\xff\xd8 not a real photo")
    export, chats = read_export(path)
    assert chats[0].chat == "Trabajo Exterior" and len(chats[0].messages) == 4
    assert export.data == path.read_bytes()  # the evidence is the zip as given


def test_ingest_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_export(tmp_path / "nada.txt")


@pytest.mark.parametrize(("line", "kind"), [
    ("<Multimedia omitido>", "media_only"), ("<Media omitted>", "media_only"),
    ("<Arquivo de mídia oculto>", "media_only"), ("\u200eimage omitted", "media_only"),
    ("\u200eimagen omitida", "media_only"), ("\u200evideo omitido", "media_only"),
    ("\u200esticker omitted", "media_only"), ("IMG-20240312-WA0003.jpg (file attached)", "media_only"),
    ("\u200e<attached: 00000021-PHOTO-2024-03-12-14-05-33.jpg>", "media_only"),
    ("This message was deleted", "deleted"), ("Mensagem apagada", "deleted"),
])
def test_ingest_whatsapp_media_notes_and_deletions_skipped(line, kind):
    chat = parse_whatsapp([f"12/03/2024, 14:05 - Ana: {line}"], "x")
    assert chat.messages == [] and dict(chat.skipped) == {kind: 1}


def test_ingest_whatsapp_omitted_media_with_caption_kept():
    chat = parse_whatsapp(["12/03/2024, 14:05 - Ana: <Media omitted>", "Models wanted for Dubai, free flights"], "x")
    assert chat.messages[0].attachments == ["Media omitted"]
    assert chat.messages[0].text == "Models wanted for Dubai, free flights"


@pytest.mark.parametrize(("local", "zone", "utc"), [
    ("2024-03-14T09:41:00", "America/Bogota", "2024-03-14T14:41:00Z"),
    ("2024-03-13T21:05:00", "America/Sao_Paulo", "2024-03-14T00:05:00Z"),
    ("2024-07-01T10:00:00", "Europe/Madrid", "2024-07-01T08:00:00Z"),  # summer time
])
def test_ingest_whatsapp_local_times_to_utc(local, zone, utc):
    from crawler.ingest.chatdates import to_utc

    assert to_utc(local, zone) == utc


@pytest.mark.parametrize(("line", "sender", "at"), [
    ("[3/14/24, 2:05:33 PM] Grace: Models wanted, free flights", "Grace", "2024-03-14T14:05:33"),  # iOS en-US
    ("\u200e[14/03/2024, 14:05:33] Ana: Se busca niñera interna", "Ana", "2024-03-14T14:05:33"),  # iOS 24 h
    ("14/03/24 2:05\u202fp.\u00a0m. - Ana: Se busca niñera interna", "Ana", "2024-03-14T14:05:00"),  # Android 12 h
    ("14.03.24, 14:05 - Ana: Se busca niñera interna", "Ana", "2024-03-14T14:05:00"),  # dotted dates
    ("2024-03-14 14:05 - Ana: Se busca niñera interna", "Ana", "2024-03-14T14:05:00"),  # year first
    ("14/03/2024, 14:05 – Ana: Se busca niñera interna", "Ana", "2024-03-14T14:05:00"),  # en dash
])
def test_ingest_whatsapp_header_variants(line, sender, at):
    (message,) = parse_whatsapp([line], "x").messages
    assert (message.sender, message.at) == (sender, at)

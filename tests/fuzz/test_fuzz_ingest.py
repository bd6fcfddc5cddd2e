"""Fuzz: the chat export parsers (``crawler/ingest/whatsapp.py``, ``tgexport.py``, ``files.py``).

Any file gives chats or an ``InputError`` naming a line (exit 2), never a
traceback; every parsed message becomes an ad (``message_item``) without error,
and a chat name from a hostile export never yields a source label holding a
path separator.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from anzuelo.cli.ingest import _source
from anzuelo.errors import InputError
from anzuelo.names import path_name, validate_name
from crawler.ingest.chatdates import to_utc
from crawler.ingest.files import read_export
from crawler.ingest.message import export_url, message_item
from crawler.ingest.tgexport import parse_telegram_export
from crawler.ingest.whatsapp import parse_whatsapp
from tests.fixtures.fuzz import json_values, nasty_text

DATES = st.one_of(st.sampled_from(["12/03/2024", "3/14/24", "2024-03-12", "31/04/2024", "29/02/2023", "00/00/0000",
                                   "99/99/9999", "12.03.24", "1/1/1"]),
                  st.from_regex(r"\d{1,4}[/.-]\d{1,4}[/.-]\d{1,4}", fullmatch=True))
TIMES = st.one_of(st.sampled_from(["14:05", "2:05 p. m.", "2:05\u202fPM", "25:61", "14:05:33", "00:00", "12:60 AM"]),
                  st.from_regex(r"\d{1,2}:\d{1,2}(:\d{1,2})?( [ap]\. ?m\.| [AP]M)?", fullmatch=True))
CHAT_PATH = Path("chat.txt")


@st.composite
def whatsapp_lines(draw) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        date, time, who, text = draw(DATES), draw(TIMES), draw(nasty_text), draw(nasty_text)
        shape = draw(st.sampled_from(["android", "ios", "cont", "raw"]))
        lines.append({"android": f"{date}, {time} - {who}: {text}", "ios": f"[{date}, {time}] {who}: {text}",
                      "cont": text, "raw": draw(nasty_text)}[shape])
    return lines


def _items(chats, kind: str) -> None:
    for chat in chats:
        for msg in chat.messages:
            item = message_item(msg, url=export_url(kind, msg), source=_source(kind, [chat], CHAT_PATH), spider="chatexport",
                                country="CO")
            json.dumps(item.to_dict(), ensure_ascii=False, default=str).encode("utf-8")  # --output and bulk can write it
            if msg.at:
                to_utc(msg.at, "America/Bogota")





@given(whatsapp_lines(), st.sampled_from(["auto", "dmy", "mdy", "ymd"]), nasty_text)
@example(["12/03/2024, 14:05 - \u202eAna\u202c: <media omitted>"], "auto", "x")
@example(["29/02/2023, 25:61 - Ana: hola"], "dmy", "..")
@example(["[31/04/24, 14:05:00] \u200e: \u200e", "\ud800"], "auto", "../../etc")
@example(["12/03/2024, 14:05 - : \ud800"], "auto", "")  # regression (explore profile): the message key raised
@settings(max_examples=80)
def test_fuzz_whatsapp_parser_gives_chats_or_a_line_error(lines, order, chat):
    try:
        parsed = parse_whatsapp(lines, chat or "chat", order)
    except InputError as exc:
        assert str(exc).startswith("line ") and exc.exit_code == 2
        return
    _items([parsed], "whatsapp")


@given(st.one_of(json_values.map(lambda v: json.dumps(v, ensure_ascii=False)), nasty_text,
                 st.builds(lambda msgs, name: json.dumps({"name": name, "messages": msgs}, ensure_ascii=False),
                           st.lists(json_values, max_size=5), json_values)))
@example('{"name": "../../etc", "messages": [{"type": "message", "text": [{"type": "link", "text": 7}], "date": "x"}]}')
@example('{"chats": {"list": [{"messages": [{"text": {"nested": []}, "date_unixtime": "9e99"}]}]}}')
@example('{"messages": [{"text": "hola", "date": "2024-02-30T25:00:00"}]}')
@example("[" * 100_000)  # regression: RecursionError instead of a line error
@example('{"messages": [' + "[" * 5000 + "]" * 5000 + '], "name": "\\ud800"}')
@example('{"name": "x", "messages": [{"type": "message", "text": "trabajo \\ud800 ya", "from": "\\udc80"}]}')
@settings(max_examples=80)
def test_fuzz_telegram_export_gives_chats_or_a_line_error(text):
    try:
        chats = parse_telegram_export(text)
    except InputError as exc:
        assert str(exc).startswith("line ") and exc.exit_code == 2
        return
    _items(chats, "telegram-export")
    for chat in chats:
        label = _source("telegram-export", [chat], CHAT_PATH)
        assert "/" not in label and "\x00" not in label
        assert validate_name(path_name(label))


@given(st.binary(max_size=600), st.sampled_from(["chat.txt", "result.json", "export.zip", "x"]))
@example(b"PK\x03\x04garbage", "export.zip")
@example(b"\xff\xfe" + "12/03/2024, 14:05 - Ana: hola".encode("utf-16-le"), "chat.txt")
@example(b"\xfe\xff\x00", "chat.txt")
@settings(max_examples=60)
def test_fuzz_read_export_any_bytes(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("export") / name
    path.write_bytes(data)
    try:
        _, chats = read_export(path)
    except InputError as exc:
        assert exc.exit_code == 2
        return
    _items(chats, chats[0].kind if chats else "whatsapp")


@given(st.sampled_from(["../../../tmp/evil.txt", "/etc/passwd.txt", "..\\..\\x.txt", "a/\x00b.txt", "_chat.txt"]),
       nasty_text)
def test_fuzz_zip_member_names_never_reach_paths(tmp_path_factory, member, text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(member, f"12/03/2024, 14:05 - Ana: {text}\n".encode("utf-8", "surrogatepass"))
    path = tmp_path_factory.mktemp("zip") / "WhatsApp Chat.zip"
    path.write_bytes(buf.getvalue())
    try:
        export, chats = read_export(path)
    except InputError:
        return
    label = _source(chats[0].kind, chats, path)
    assert "/" not in label and "\\" not in label and "\x00" not in label
    assert list(path.parent.iterdir()) == [path]  # nothing extracted anywhere

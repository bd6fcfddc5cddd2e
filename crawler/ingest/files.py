"""Reading an export file: its format, its chat name, its lines, its SHA-256.

``read_export(path)`` accepts a WhatsApp ``.txt`` (or the ``.zip`` iOS and
Android share, holding ``_chat.txt`` or ``Chat de WhatsApp con X.txt`` and the
media) and a Telegram Desktop ``result.json``. Bytes that are not UTF-8 are
replaced, and the lines holding them counted (``undecodable_lines``), so one
damaged line never loses the rest of a chat. The chat name comes from
``chat`` or the file name ("Chat de WhatsApp con Ofertas.txt" -> "Ofertas").
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from anzuelo.errors import InputError
from crawler.ingest.tgexport import parse_telegram_export
from crawler.ingest.whatsapp import ParsedChat, parse_whatsapp

#: "Chat de WhatsApp con X", "WhatsApp Chat with X", "WhatsApp Chat - X", "Conversa do WhatsApp com X".
_TITLE = re.compile(r"^(?:chat de whatsapp con|whatsapp chat with|whatsapp chat -|conversa do whatsapp com)\s+(.+)$",
                    re.IGNORECASE)
#: Largest chat text read from a zip (a zip bomb must not fill the memory).
MAX_TEXT = 200 * 1024 * 1024


@dataclass
class ExportFile:
    """The file given, as kept for evidence."""

    path: Path
    data: bytes
    sha256: str


def chat_name(path: Path) -> str:
    """The chat name a WhatsApp export's file name carries, else its stem."""
    stem = path.stem.strip()
    match = _TITLE.match(stem)
    return match.group(1).strip() if match else stem.lstrip("_") or "chat"


def decode_lines(data: bytes) -> tuple[list[str], int]:
    """Lines of ``data`` (UTF-8, or UTF-16 with a BOM) and how many held undecodable bytes."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace").splitlines(), 0
    lines, bad = [], 0
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            bad += 1
            lines.append(raw.decode("utf-8", errors="replace"))
    if lines and lines[-1] == "":
        lines.pop()
    return lines, bad


def read_export(path: Path, chat: str | None = None, date_order: str = "auto") -> tuple[ExportFile, list[ParsedChat]]:
    """The file and the chats in it (``InputError`` for missing, unreadable or unknown files)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}", "give the path of a WhatsApp .txt/.zip or a Telegram result.json")
    data = path.read_bytes()
    export = ExportFile(path, data, hashlib.sha256(data).hexdigest())
    name, text_bytes = path, data
    if data[:4] == b"PK\x03\x04":
        name, text_bytes = _from_zip(path, data)
    lines, bad = decode_lines(text_bytes)
    head = next((ln.lstrip("\ufeff").lstrip() for ln in lines if ln.strip()), "")
    if head.startswith("{") or name.suffix.lower() == ".json":
        chats = parse_telegram_export("\n".join(lines), chat)
    else:
        chats = [parse_whatsapp(lines, chat or chat_name(name), date_order)]
    for parsed in chats:
        parsed.undecodable_lines = bad
    return export, chats


def _from_zip(path: Path, data: bytes) -> tuple[Path, bytes]:
    """(name to take the chat name from, text) of the chat inside an export zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path.name}: not a readable zip ({exc})", "unzip it and give the chat .txt") from None
    texts = [i for i in archive.infolist() if i.filename.lower().endswith((".txt", ".json")) and not i.is_dir()]
    if not texts:
        raise InputError(f"{path.name}: no chat .txt or .json inside the zip", "give the chat file itself")
    info = next((i for i in texts if Path(i.filename).name == "_chat.txt"), texts[0])
    if info.file_size > MAX_TEXT:
        raise InputError(f"{path.name}: {info.filename} is larger than {MAX_TEXT // 2**20} MB", "split the export")
    inner = Path(info.filename)
    return (path if inner.name in ("_chat.txt", "result.json") else inner), archive.read(info)

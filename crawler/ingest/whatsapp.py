"""WhatsApp chat exports ("Export chat" as a .txt, Android and iOS) -> messages.

Android: ``12/03/2024, 14:05 - Nombre: texto`` (pt-BR drops the comma; 12 h
phones write ``2:05 p. m.`` or ``2:05 PM``). iOS: ``[12/03/24, 2:05:33 p. m.]
Nombre: texto`` with U+200E marks before system notes and attachments, and
U+202F narrow spaces in the clock. A line that does not start with a date
continues the message above it. Lines without "Name: " (Android) or whose
text starts with U+200E (iOS) are system notes ("Los mensajes y las llamadas
están cifrados...", "X creó el grupo") and are skipped and counted, as are
deleted messages. Media are noted in ``attachments``: omitted media
("<Multimedia omitido>", "image omitted") and attached files
("IMG-2024...jpg (archivo adjunto)", "<adjunto: 0001-PHOTO-....jpg>"); a
message that is only media is skipped and counted as ``media_only``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from anzuelo.errors import InputError
from crawler.ingest.chatdates import DATE, TIME, DateError, Stamp, detect_order, to_iso
from crawler.ingest.message import Message

#: Invisible marks and odd spaces WhatsApp writes around dates and notes (a regex and str.replace:
#: str.translate with a dict costs a Python call per character, most of a large file's time).
_MARKS = re.compile("[\ufeff\u200e\u200f\u202a-\u202e]")
_ODD_SPACES = ("\u202f", "\u00a0", "\u2007")
ANDROID = re.compile(rf"^(?P<date>{DATE}),?\s(?P<time>{TIME})\s[-–]\s(?P<rest>.*)$", re.IGNORECASE)
IOS = re.compile(rf"^\[(?P<date>{DATE}),?\s(?P<time>{TIME})\]\s(?P<rest>.*)$", re.IGNORECASE)
OMITTED = re.compile(
    r"^<?(?:[^<>]{0,80}\s)?(?:multimedia|media|m[ií]dia|imagen|image|imagem|video|v[ií]deo|audio|[áa]udio|"
    r"sticker|figurinha|gif|documento|document|contacto|contact|contato|archivo|arquivo|file)\s"
    r"(?:omitid[oa]s?|omitted|ocult[oa]|ocultad[oa])>?$", re.IGNORECASE)
ATTACHED = re.compile(r"^(?P<file>\S[^<>]*?\.\w{2,5})\s\((?:archivo adjunto|fichero adjunto|file attached|"
                      r"arquivo anexado|anexo)\)$|^<(?:adjunto|attached|anexado|archivo adjunto):\s?(?P<file2>[^<>]+)>$",
                      re.IGNORECASE)
DELETED = re.compile(r"^(?:se eliminó este mensaje|este mensaje fue eliminado|eliminaste este mensaje|this message "
                     r"was deleted|you deleted this message|mensagem apagada|esta mensagem foi apagada|você apagou "
                     r"esta mensagem|null)\.?$", re.IGNORECASE)
EDITED = re.compile(r"\s*<(?:se editó este mensaje|this message was edited|mensagem editada|editado|edited)\.?>$",
                    re.IGNORECASE)
HINT = ("expected WhatsApp export lines such as '12/03/2024, 14:05 - Ana: texto' (Android) or "
        "'[12/03/24, 2:05:33 p. m.] Ana: texto' (iOS); for Telegram give the result.json of Telegram Desktop")


@dataclass
class ParsedChat:
    """Messages of one export, with what was skipped and why."""

    kind: str
    chat: str
    messages: list[Message] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    undecodable_lines: int = 0


def clean(line: str) -> str:
    """A line without odd spaces and leading direction marks (a U+200E past the start is kept: it marks notes)."""
    for odd in _ODD_SPACES:
        if odd in line:
            line = line.replace(odd, " ")
    return line.lstrip("\ufeff\u200e\u200f").rstrip("\r\n")


def unmark(text: str) -> str:
    """``text`` without invisible direction marks."""
    return _MARKS.sub("", text) if _MARKS.search(text) else text


def parse_whatsapp(lines: list[str], chat: str, date_order: str = "auto") -> ParsedChat:
    """Messages of a WhatsApp export's lines (``InputError`` naming the line when it is not one)."""
    heads: list[tuple[int, Stamp, str, list[str]]] = []  # (line no, stamp, rest, continuation lines)
    for number, raw in enumerate(lines, 1):
        line = clean(raw)
        match = ANDROID.match(line) or IOS.match(line)
        if match:
            heads.append((number, Stamp(match["date"], match["time"]), match["rest"], []))
        elif heads:
            heads[-1][3].append(unmark(line))
        elif line.strip():
            raise InputError(f"line {number}: not a WhatsApp chat line: {line[:70]!r}", HINT)
    if not heads:
        raise InputError("line 1: no WhatsApp chat lines in this file", HINT)
    try:
        order = detect_order([h[1] for h in heads], date_order)
    except DateError as exc:
        raise InputError(f"line {heads[0][0]}: {exc}", HINT) from None
    out = ParsedChat("whatsapp", chat)
    for number, stamp, rest, more in heads:
        try:
            at = to_iso(stamp, order)
        except DateError as exc:
            raise InputError(f"line {number}: {exc}", HINT) from None
        sender, sep, text = rest.partition(": ")
        note = unmark(text).strip()
        # iOS marks its own notes with U+200E: system lines, deletions and media
        if not sep or text.startswith("\u200e") and not (_media(note) or DELETED.match(note)):
            out.skipped["system"] += 1
            continue
        message = _message(chat, unmark(sender).strip(), at, [text, *more], number)
        if isinstance(message, str):
            out.skipped[message] += 1
        else:
            out.messages.append(message)
    return out


def _media(line: str) -> str | None:
    """The media note or attached file name of a line, else None."""
    if OMITTED.match(line):
        return line.strip("<>")
    attached = ATTACHED.match(line)
    return (attached["file"] or attached["file2"]).strip() if attached else None


def _message(chat: str, sender: str, at: str, lines: list[str], number: int) -> Message | str:
    """The message of one header and its continuation lines, or the reason it is skipped."""
    attachments, body = [], []
    for raw in lines:
        line = unmark(raw)
        note = _media(line.strip())
        if note:
            attachments.append(note)
        else:
            body.append(line.rstrip())
    text = EDITED.sub("", "\n".join(body).strip()).strip()
    if not text:
        return "media_only" if attachments else "empty"
    if DELETED.match(text):
        return "deleted"
    return Message(chat=chat, sender=sender, at=at, text=text, attachments=attachments, line=number)

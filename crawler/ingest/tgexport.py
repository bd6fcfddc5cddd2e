"""Telegram Desktop exports (``result.json``, "Export chat history" as JSON) -> messages.

One chat: ``{"name", "type", "id", "messages": [...]}``; a whole-account
export nests chats under ``{"chats": {"list": [...]}}`` (each read the same
way). A message has ``id``, ``date`` ("2024-03-12T14:05:33", local time) and
``date_unixtime`` (read as the message's UTC time),
``from``, ``from_id``, ``text`` (a string, or a list of strings and entities
such as ``{"type": "text_link", "text": "aquí", "href": "https://..."}``),
``forwarded_from``, and ``photo``/``file``/``media_type`` for media. Service
messages ("joined", "pinned") are skipped and counted; so are messages that
are only media. Hidden link targets (``text_link`` hrefs) become ad URLs:
lures often hide the recruiter's WhatsApp link behind a word.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from anzuelo.errors import InputError
from crawler.ingest.message import Message
from crawler.ingest.whatsapp import ParsedChat

HINT = "give the result.json written by Telegram Desktop's 'Export chat history' (format: JSON)"


def parse_telegram_export(text: str, chat: str | None = None) -> list[ParsedChat]:
    """Chats of a Telegram Desktop JSON export (``InputError`` with the line of a JSON error)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})", HINT) from None
    except RecursionError:  # "[[[[..." deeper than Python's stack: a traceback before (tests/fuzz)
        raise InputError("line 1: JSON nested too deeply to be a Telegram export", HINT) from None
    if _SURROGATE.search(text) or _SURROGATE_ESCAPE.search(text):
        try:
            data = _valid(data)
        except RecursionError:
            raise InputError("line 1: JSON nested too deeply to be a Telegram export", HINT) from None
    if not isinstance(data, dict):
        raise InputError("line 1: a Telegram export is a JSON object", HINT)
    if isinstance(data.get("chats"), dict) and isinstance(data["chats"].get("list"), list):
        chats = [c for c in data["chats"]["list"] if isinstance(c, dict)]
    elif isinstance(data.get("messages"), list):
        chats = [data]
    else:
        raise InputError("line 1: no 'messages' list and no 'chats.list' in this JSON", HINT)
    return [_chat(c, chat) for c in chats]


def _chat(data: dict[str, Any], name: str | None) -> ParsedChat:
    title = name or str(data.get("name") or f"telegram-{data.get('id', 'chat')}")
    out = ParsedChat("telegram-export", title)
    for position, msg in enumerate(data.get("messages") or []):
        if not isinstance(msg, dict):
            out.skipped["invalid"] += 1
            continue
        if msg.get("type", "message") != "message":
            out.skipped["service"] += 1
            continue
        body, links = flatten(msg.get("text", ""))
        media = [str(msg[k]) for k in ("photo", "file") if msg.get(k)]
        if msg.get("media_type") and not media:
            media.append(str(msg["media_type"]))
        if not body.strip():
            out.skipped["media_only" if media else "empty"] += 1
            continue
        out.messages.append(Message(
            chat=title, sender=_str(msg.get("from")) or _str(msg.get("actor")), at=_date(msg),
            text=body.strip(), message_id=_str(msg.get("id")), sender_id=_str(msg.get("from_id")),
            forwarded_from=_str(msg.get("forwarded_from")),
            attachments=media, links=links, line=position + 1))
    return out


def flatten(text: Any) -> tuple[str, list[str]]:
    """(plain text, hidden link targets) of a ``text`` field: a string or a list of parts."""
    if isinstance(text, str):
        return text, []
    if not isinstance(text, list):
        return "", []
    parts, links = [], []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            parts.append(str(part.get("text") or ""))
            href = part.get("href")
            if isinstance(href, str) and href.startswith(("http://", "https://", "tg://")):
                links.append(href)
    return "".join(parts), links


def _date(msg: dict[str, Any]) -> str | None:
    """UTC time of ``date_unixtime`` (``date`` is the exporting computer's clock, zone unknown),
    else ``date`` when it is an ISO time, else None (the index rejects any other date)."""
    try:
        stamp = dt.datetime.fromtimestamp(int(msg.get("date_unixtime")), dt.timezone.utc)
        return stamp.isoformat().replace("+00:00", "Z")
    except (TypeError, ValueError, OverflowError, OSError):
        pass
    try:
        return dt.datetime.fromisoformat(str(msg.get("date"))).isoformat()
    except ValueError:
        return None


def _str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


#: A "\ud800" escape (or a lone surrogate already in the text) decodes to text no UTF-8 writer
#: accepts: the message key, the --output line and the bulk failed (found by tests/fuzz/test_fuzz_ingest.py).
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _valid(value: Any) -> Any:
    """``value`` (parsed JSON) with every lone surrogate in its strings and keys replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_valid(v) for v in value]
    if isinstance(value, dict):
        return {_valid(k): _valid(v) for k, v in value.items()}
    return value

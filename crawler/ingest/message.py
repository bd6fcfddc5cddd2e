"""One chat or channel message, and the ad item it becomes.

Parsers (``crawler.ingest.whatsapp``, ``crawler.ingest.tgexport``) and the
``telegram`` spider produce ``Message`` objects; ``message_item`` turns one
into a ``MessageItem``: an ``AdItem`` (so the validate, incremental, score and
index pipelines and the evidence middleware treat it like any ad) with the
chat facts investigators need next to the text: channel or chat name, message
id, sender, views, forwarded-from and attachments. The index keeps these
extra keys in ``_source`` (its mapping is ``dynamic: false``).

Ids of exported messages are stable: a hash of chat name, sender, time and
text, so re-ingesting a file, or a later export holding the same messages,
gives the same canonical URLs and the incremental pipeline finds them unchanged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from crawler.items import AdItem

#: Scheme of the canonical "URL" of a message that has no web address (chat exports).
URN_PREFIX = "urn:anzuelo"
#: Words that make a whole message chit-chat whatever the length limit (folded, lower-case).
CHITCHAT = {"ok", "oki", "okey", "okay", "vale", "si", "sim", "yes", "no", "nao", "gracias", "grax", "obrigado",
            "obrigada", "thanks", "thank you", "thx", "jaja", "jajaja", "kkk", "kkkk", "haha", "hola", "ola", "hi",
            "hello", "buenas", "bom dia", "buenos dias", "good morning", "listo", "dale", "beleza", "👍"}
#: A sender name that is an international number: WhatsApp shows unknown senders so.
_PHONE_NAME = re.compile(r"^\+\d[\d\s().-]{6,20}$")


@dataclass
class Message:
    """A message as read from a page or an export, before it becomes an ad."""

    chat: str
    sender: str | None
    at: str | None  # ISO 8601: WhatsApp, the phone's local time; Telegram, UTC
    text: str
    message_id: str | None = None
    sender_id: str | None = None  # Telegram's "user123" / "channel123": stable across renames
    forwarded_from: str | None = None
    attachments: list[str] = field(default_factory=list)
    views: int | None = None
    links: list[str] = field(default_factory=list)  # hrefs hidden behind link text
    line: int = 0  # first line in a text export, position in a JSON export


@dataclass
class MessageItem(AdItem):
    """An ad read from a chat or channel message (an ``AdItem`` plus chat facts)."""

    channel: str | None = None  # channel username or chat name
    channel_title: str | None = None
    message_id: str | None = None
    sender: str | None = None
    sender_id: str | None = None
    views: int | None = None
    forwarded_from: str | None = None
    attachments: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower-case text without accents (for the chit-chat list)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def is_chitchat(text: str, min_chars: int) -> bool:
    """True for "ok", "gracias", emoji only, or fewer than ``min_chars`` letters and digits."""
    plain = " ".join(fold(text).split()).strip(" .!?¡¿,;:")
    if plain in CHITCHAT:
        return True
    return sum(c.isalnum() for c in text) < min_chars


def message_key(chat: str, sender: str | None, at: str | None, text: str) -> str:
    """Stable hex key of an exported message: chat name, sender, time and text."""
    raw = "\x1f".join((chat.strip(), (sender or "").strip(), at or "", text.strip()))
    # surrogatepass: a lone surrogate (a caller's str, not a decoded file) crashed here; valid text hashes as before
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def export_url(kind: str, msg: Message) -> str:
    """Canonical URL of an exported message: ``urn:anzuelo:<kind>:<key>``."""
    return f"{URN_PREFIX}:{kind}:{message_key(msg.chat, msg.sender, msg.at, msg.text)}"


def split_title(text: str, limit: int = 90) -> tuple[str, str]:
    """(title, text): a short first line of a multi-line message as title, else no title.

    Messages have no headline, but the workbench lists ads by title. The
    scorer reads ``title + "\n" + text``, so the split keeps the scored text
    equal to the message (the classifier was trained on messages without titles).
    """
    lines = text.strip().splitlines()
    if len(lines) > 1 and 0 < len(lines[0].strip()) <= limit and "\n".join(lines[1:]).strip():
        return lines[0].strip(), "\n".join(lines[1:]).strip()
    return "", text.strip()


def contacts(text: str, country: str | None) -> dict[str, list[str]]:
    """Contact fields of ``text`` by nlp's extractor (the one the score pipeline uses too)."""
    from nlp.entities import contact_entities

    found = contact_entities(text, (country or "").upper() or None)
    keys = ("phones", "whatsapp", "phones_unverified", "telegram", "emails", "email_domains", "urls", "domains")
    return {k: list(found.get(k) or []) for k in keys if k in found}


def sender_numbers(sender: str | None) -> list[str]:
    """E.164 number of a WhatsApp sender shown as "+57 301 5550142" (not saved in the phone's contacts)."""
    if not sender or not _PHONE_NAME.match(sender):
        return []
    return contacts(sender, None).get("phones", [])


def message_item(msg: Message, *, url: str, source: str, spider: str, canonical: str | None = None,
                 country: str | None = None, lang: str | None = None, channel: str | None = None,
                 channel_title: str | None = None, fetched_at: str | None = None,
                 sender_is_whatsapp: bool = False) -> MessageItem:
    """The ad of one message: text (see ``split_title``), time, chat facts, contacts and content hash.

    ``sender_is_whatsapp``: the sender of a WhatsApp export, when shown as a number, is the
    poster's own WhatsApp contact, the strongest link between recruiters' messages.
    """
    title, text = split_title(msg.text)
    item = MessageItem(url=url, canonical_url=canonical or url, source=source, spider=spider,
                       title=title, text=text, posted_at=msg.at, country=country,
                       lang=lang, channel=channel or msg.chat, channel_title=channel_title,
                       message_id=msg.message_id, sender=msg.sender, sender_id=msg.sender_id, views=msg.views,
                       forwarded_from=msg.forwarded_from, attachments=list(msg.attachments))
    if fetched_at:
        item.fetched_at = fetched_at
    # hidden link targets too: a wa.me or t.me link behind the word "aquí" is the recruiter's contact
    found = contacts("\n".join([msg.text, *msg.links]), country)
    if sender_is_whatsapp and (numbers := sender_numbers(msg.sender)):
        found["whatsapp"] = list(dict.fromkeys([*numbers, *found.get("whatsapp", [])]))
        found["phones"] = list(dict.fromkeys([*numbers, *found.get("phones", [])]))
    for key, values in found.items():
        if hasattr(item, key):  # phones_unverified: only where the item has the field
            setattr(item, key, values)
    return item.finalize()

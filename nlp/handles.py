"""Telegram, Instagram and TikTok handles, each tied to the platform the ad names.

Part of the one contact extractor (``nlp.contacts.extract`` calls ``find``).
Recruiters move victims to a chat app early, so the handle is often the only
contact in an ad and the strongest link between ads. An ``@name`` alone says
nothing about where to find it, so a handle is taken only when the text names
its platform: right before it ("por Telegram: @x", "IG @x", "insta: x",
"tiktok @x"), in a link (``t.me/x``, ``instagram.com/x``, ``tiktok.com/@x``),
or earlier in the same ad ("escribe por Telegram ... Contacto: @x"). When
several platforms are named, an ``@name`` goes to the nearest one before it.

Not handles: e-mail addresses (``ana@x.com``: the ``@`` follows a letter),
domains (``@gmail.com``), times and prices (``@ 5pm``, ``@5pm``, ``@ $20``),
and ``@names`` of ads that name no chat platform at all.

Values are lower-cased without ``@``: Telegram handles go to the ``telegram``
field as before; Instagram and TikTok ones to ``handles`` as
``instagram:name`` and ``tiktok:name``, so one keyword field keeps the
platform and ``instagram:ana`` never links to ``tiktok:ana``.
"""

from __future__ import annotations

import re

__all__ = ["PLATFORMS", "find"]

#: Platforms whose handles are kept (others, such as Facebook or X, are only recognised
#: so that their @names are not given to another platform named earlier).
PLATFORMS = ("telegram", "instagram", "tiktok")
_WORDS = {
    "telegram": r"telegram[ae]?|telegra\.m|\btg\b",
    "instagram": r"instagram|\binsta\b|\big\b|\binst\b",
    "tiktok": r"tik\s?tok|\btt\b(?=\s*[:@])",
    "other": r"facebook|\bfb\b|twitter|\bx\.com\b|kwai|snapchat|\bsnap\b|onlyfans|threads",
}
_PLATFORM = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _WORDS.items()), re.IGNORECASE)
_NAME = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
#: ``@name`` not glued to a word (e-mails) or a dot; "@ 5pm" has a space and "@5pm" starts with a digit+time.
_AT = re.compile(r"(?<![\w.@])@(" + _NAME + r")(?![\w@])")
#: "insta: name" / "IG - name": a bare name right after a platform word and a colon or dash.
_BARE = re.compile(r"\s*(?:[:\-–]|\bes\b|\bis\b|\bé\b)\s*(" + _NAME + r")(?=$|[\s,;)!?]|\.(?:\s|$))", re.IGNORECASE)
_LINKS = (
    ("telegram", re.compile(r"(?:t|telegram)\.me/(?!\+|joinchat|s/)([A-Za-z0-9_]{4,32})", re.IGNORECASE)),
    ("instagram", re.compile(r"instagram\.com/(?!p/|reel/|reels/|explore/|stories/|accounts/)(" + _NAME + ")", re.IGNORECASE)),
    ("tiktok", re.compile(r"tiktok\.com/@(" + _NAME + ")", re.IGNORECASE)),
)
_TLD_END = re.compile(r"\.(?:com|net|org|info|io|co|mx|br|pt|es|ar|pe|cl|us|uk|me|app|site|online)$", re.IGNORECASE)
_TIME = re.compile(r"^\d{1,2}(?:[:h.]\d{2})?\s*(?:am|pm|h|hs|hrs)?$", re.IGNORECASE)
#: How far an @name may be from the platform word named right before it ("por Telegram: @x").
_NEAR = 40
_STOP = {"com", "www", "http", "https", "para", "por", "the", "and", "aqui", "here", "link", "bio", "dm"}


def find(text: str) -> dict[str, list[str]]:
    """``{platform: [handles]}`` for the three platforms, lower-cased, in order of appearance."""
    out: dict[str, list[str]] = {p: [] for p in PLATFORMS}
    if not text:
        return out
    words = [(m.start(), m.end(), m.lastgroup) for m in _PLATFORM.finditer(text)]
    for platform, rx in _LINKS:
        for m in rx.finditer(text):
            _add(out, platform, m.group(1))
    named = {p for _, _, p in words if p in PLATFORMS}
    for m in _AT.finditer(text):
        if _in_link(text, m.start()):
            continue
        platform = _platform_before(words, m.start(), _NEAR)
        if platform is None:
            # "por Telegram ... Contacto: @x": the nearest platform named before, or the only one in the ad.
            platform = _platform_before(words, m.start(), len(text)) or (next(iter(named)) if len(named) == 1 else None)
        if platform in PLATFORMS:
            _add(out, platform, m.group(1))
    for start, end, platform in words:
        if platform in PLATFORMS:
            bare = _BARE.match(text, end)
            # A bare word is a handle when it looks like one ("_", "." or a digit in it) or ends
            # the line ("insta: karlamodelos"); "Instagram: siguenos ahora" is a sentence.
            if bare and (re.search(r"[_.0-9]", bare.group(1)) or re.match(r"[ \t]*(?:[.!]?\s*$|\n)", text[bare.end(1):])):
                _add(out, platform, bare.group(1), bare=True)
    return out


def _platform_before(words: list[tuple[int, int, str]], pos: int, reach: int) -> str | None:
    before = [(end, p) for _, end, p in words if end <= pos and pos - end <= reach]
    return before[-1][1] if before else None


def _in_link(text: str, at: int) -> bool:
    """True when the ``@`` is part of a URL (``tiktok.com/@x``: read by the link rules)."""
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    return "/" in text[start:at]


def _add(out: dict[str, list[str]], platform: str, name: str, bare: bool = False) -> None:
    name = name.rstrip(".").lower()
    # "@empresahttps://..." on pages that glue a link to the handle: the link is not part of it
    name = re.sub(r"(?<=.{3})https?$", "", name)
    if len(name) < 3 or _TLD_END.search(name) or _TIME.match(name) or name in _STOP:
        return
    # A bare word after "insta:" must look like a handle: a digit, "_" or "." in it, or a plain name
    # of letters (most are). Words of the sentence ("Instagram: síguenos") stop at the accent.
    if bare and not re.fullmatch(r"[a-z0-9_.]+", name):
        return
    if platform == "telegram" and (not name[0].isalpha() or "." in name):
        return  # Telegram usernames start with a letter and have no dots
    if name not in out[platform]:
        out[platform].append(name)

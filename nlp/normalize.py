"""Text folding for matching: accents, case, emoji, spacing and stretched letters.

Rules match on a *folded* copy of the ad (lower case, accents removed, emoji
and symbols turned into spaces, runs of spaces collapsed, letters repeated
three or more times collapsed to one: "URGENTEEEE" -> "urgente"). ``fold``
returns that copy with an offset map so that every match can be reported on
the original text, which is what investigators read and highlight.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Categories kept as they are; everything else that is not a letter, digit or
# ordinary punctuation (emoji, dingbats, arrows, flags) becomes a space.
_KEEP_SYMBOLS = set("$€£¥%+@#/&.:,;-_()!?¿¡'\"=*")


@dataclass(frozen=True)
class Folded:
    """A folded copy of ``original`` and, per folded character, its original index."""

    original: str
    text: str
    offsets: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text back onto the original text."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not base:
        return ""
    out = []
    for c in base:
        cat = unicodedata.category(c)
        if cat[0] in "LN" or c in _KEEP_SYMBOLS:
            out.append(c.lower())
        elif cat in {"Pd", "Pc"}:  # dashes of every width
            out.append("-")
        elif cat in {"Pi", "Pf"}:  # curly quotes
            out.append("'")
        else:  # emoji, variation selectors, ZWJ, box drawing, bullets
            out.append(" ")
    return "".join(out)


def fold(original: str) -> Folded:
    """Fold ``original`` for matching and keep the map back to it."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(original):
        for c in _fold_char(ch):
            if c == " " and (not chars or chars[-1] == " "):
                continue  # collapse spaces, drop leading ones
            chars.append(c)
            offsets.append(i)
    # Collapse stretched letters ("siiii", "urgenteee" -> one letter); keep
    # "www" (URLs) and digits. Spanish/Portuguese never triple a letter.
    out_c: list[str] = []
    out_o: list[int] = []
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and chars[j] == chars[i]:
            j += 1
        keep = 1 if (j - i >= 3 and chars[i].isalpha() and chars[i] != "w") else j - i
        out_c.extend(chars[i : i + keep])
        out_o.extend(offsets[i : i + keep])
        i = j
    text = "".join(out_c).rstrip()
    offsets = out_o[: len(text)]
    return Folded(original, text, offsets)


def strip_accents(text: str) -> str:
    """Lower-case ``text`` and remove accents (for gazetteer keys)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

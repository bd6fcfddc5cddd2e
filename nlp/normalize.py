"""Text folding for matching: accents, case, emoji, spacing and stretched letters.

Rules match on a *folded* copy of the ad (lower case, accents removed, emoji
and symbols turned into spaces, runs of spaces collapsed, letters repeated
three or more times collapsed to one: "URGENTEEEE" -> "urgente"). ``fold``
returns that copy with an offset map so that every match can be reported on
the original text, which is what investigators read and highlight.
"""

from __future__ import annotations

import re
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


_SPACE_RUN = re.compile(r"^ +| {2,}")
_STRETCHED = re.compile(r"(.)\1{2,}", re.DOTALL)


def _drop(text: str, offsets: list[int], cuts: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` and ``offsets`` without the [a, b) ranges in ``cuts`` (sorted, disjoint)."""
    parts, offs, pos = [], [], 0
    for a, b in cuts:
        parts.append(text[pos:a])
        offs.extend(offsets[pos:a])
        pos = b
    parts.append(text[pos:])
    offs.extend(offsets[pos:])
    return "".join(parts), offs


def fold(original: str) -> Folded:
    """Fold ``original`` for matching and keep the map back to it."""
    # Whole-string operations instead of a Python loop per character (this runs
    # once per scored ad): fold each character (cached), then cut the spaces
    # and stretched letters that the rules ignore.
    pieces = list(map(_fold_char, original))
    text = "".join(pieces)
    if len(text) == len(original) and "" not in pieces:
        offsets = list(range(len(text)))  # every character folds to one character
    else:
        offsets = [i for i, p in enumerate(pieces) for _ in p]
    # Collapse spaces, drop leading ones: keep the first space of an inner run.
    cuts = [(m.start() + (m.start() > 0), m.end()) for m in _SPACE_RUN.finditer(text)]
    if cuts:
        text, offsets = _drop(text, offsets, cuts)
    # Collapse stretched letters ("siiii", "urgenteee" -> one letter); keep
    # "www" (URLs) and digits. Spanish/Portuguese never triple a letter.
    cuts = [(m.start() + 1, m.end()) for m in _STRETCHED.finditer(text) if m.group(1).isalpha() and m.group(1) != "w"]
    if cuts:
        text, offsets = _drop(text, offsets, cuts)
    text = text.rstrip()
    return Folded(original, text, offsets[: len(text)])


def strip_accents(text: str) -> str:
    """Lower-case ``text`` and remove accents (for gazetteer keys)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

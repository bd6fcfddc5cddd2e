"""Facts stated in an ad: ages and age ranges; salaries (``nlp.salary``) and employer (``nlp.employer``) re-exported.

Work on the folded text (``nlp.normalize``) so accents and case do not
matter; ``raw`` values are cut from the original text through the offset map.
"""

from __future__ import annotations

import re

from nlp.normalize import Folded

_YEARS = r"(?:anos|ano|years?|yrs|y/o|yo|anitos)"
_D = r"(\d{2})"
_TO = r"\s*(?:a|-|to|y|e|and|hasta|ate|al|/)\s*"
_RANGE = re.compile(
    r"(?:(?P<ctx>edad(?:es)?|ages?d?|idade|entre|between|from|de|tener|ter|girls|chicas|mujeres|hombres|men|women|"
    r"ladies|jovenes|mocas|mulheres|homens|rapazes|meninas|chavas|chavos|morros|morras|muchachos|muchachas|chicos|nenas|ninas|ninos|guys|lads|boys|senoritas|senoras)\b\W{0,3}(?:de\s|from\s|entre\s)?)?"
    + _D + _TO + _D + r"\b\s*(?P<unit>" + _YEARS + r"\b)?"
)
_PERSON = re.compile(r"\b(?:chic[ao]s|mujeres|hombres|men|women|girls|ladies|guys|lads|jovenes|mocas|meninas|mulheres|homens|rapazes|"
                     r"chav[ao]s|morr[ao]s|muchach[ao]s|senoritas|senoras|nenas|ninas|ninos|personas|people|candidat[ao]s|modelos)\b")
_UPPER = re.compile(r"\b(?:hasta|ate|menores de|menor de|under|no mayor(?:es)? de|max(?:imo|imum)?\.?|up to|below|ate os|hasta los|not over)\s*(?:de\s)?" + _D + r"\s*" + _YEARS + r"\b")
_LOWER = re.compile(r"\b(?:(?:mayores de|mayor de|maiores de|maior de|over|aged|older than)\s*" + _D + r"\b(?:\s*(?:\+|" + _YEARS + r"\b))?"
                    r"|(?:minimo|minimum|a partir de los|desde los|mais de|mas de|at least)\s*" + _D + r"\s*(?:\+|" + _YEARS + r"\b))")
_UP = re.compile(r"\b(?:de )?" + _D + r"\s*(?:pa|para) arriba\b|\b" + _D + r" (?:and up|or older|and over)\b")
_PLUS = re.compile(r"(?<![\d$])\b" + _D + r"\s?\+(?!\d)\s*(?:" + _YEARS + r")?")
_NOT_AGE_AFTER = re.compile(r"^\s*(?:%|kg|kilos?|dias?|days?|horas?|hours?|h\b|mil\b|k\b|usd|cop|mxn|personas|people|vagas|cupos|places|pm|am|min|semanas|weeks|meses|months|de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre))")


def _ok_age(n: int) -> bool:
    return 14 <= n <= 70


def ages(f: Folded) -> tuple[list[int], list[dict]]:
    """Ages and age ranges (``{"min", "max", "raw"}``; ``max`` None for "18+")."""
    text = f.text
    ranges: list[dict] = []
    used: list[tuple[int, int]] = []

    def add(lo, hi, s, e):
        if any(a < e and s < b for a, b in used):
            return
        used.append((s, e))
        rs, re_ = f.span(s, e)
        ranges.append({"min": lo, "max": hi, "raw": f.original[rs:re_].strip()})

    for m in _RANGE.finditer(text):
        lo, hi = int(m.group(2)), int(m.group(3))
        if not (_ok_age(lo) and _ok_age(hi) and lo < hi):
            continue
        if _NOT_AGE_AFTER.match(text[m.end():]):
            continue
        ctx = (m.group("ctx") or "").strip()
        person_before = _PERSON.search(text[max(0, m.start() - 30):m.start()])
        if not (m.group("unit") or (ctx and ctx not in {"de", "from", "between", "entre"}) or
                (ctx in {"entre", "between"} and lo >= 16) or (person_before and hi <= 45)):
            continue
        add(lo, hi, m.start(2) if ctx in {"de", "from"} else m.start(), m.end())
    for m in _UPPER.finditer(text):
        if _ok_age(int(m.group(1))):
            add(None, int(m.group(1)), m.start(), m.end())
    for m in _LOWER.finditer(text):
        n = int(m.group(1) or m.group(2))
        if _ok_age(n):
            add(n, None, m.start(), m.end())
    for m in _UP.finditer(text):
        n = int(m.group(1) or m.group(2))
        if _ok_age(n):
            add(n, None, m.start(), m.end())
    for m in _PLUS.finditer(text):
        if 16 <= int(m.group(1)) <= 30:
            add(int(m.group(1)), None, m.start(), m.end())
    found = sorted({n for r in ranges for n in (r["min"], r["max"]) if n is not None})
    return found, ranges


# --- salaries: nlp.salary (one parser for the scorer and the crawler) -------
from nlp.salary import salaries  # noqa: E402,F401  (re-exported: facts.salaries)

from nlp.employer import employer, is_placeholder  # noqa: E402,F401  (re-exported: facts.employer)

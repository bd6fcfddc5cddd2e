"""Parsing search parameters (CLI flags, web query strings) into a validated ``SearchQuery``.

Every bad value becomes an ``InputError`` naming the parameter and the fix, so
the CLI exits 2 and the web app answers 400 with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from anzuelo import settings
from anzuelo.errors import InputError
from index import fields as F

SORTS = ("score", "date", "relevance")
STATUSES = (F.STATUS_ONLINE, F.STATUS_GONE)
LABEL_NONE = "none"  # label filter: ads nobody labelled yet
MAX_WINDOW = 10_000  # engines' default max_result_window
MAX_SIZE = 500
_ALIASES = {"query": "q", "source": "sources", "country": "countries", "lang": "langs",
            "indicator": "indicators", "limit": "size"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")
# Terms the engine expands into many (fuzzy word~N, prefix word*): each is checked against the clause limit.
_EXPANDING = re.compile(r"[~*]")
_TERM = re.compile(r"\w+")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class SearchQuery:
    """A validated ads search. Empty lists and None mean "no filter"."""

    q: str = ""
    min_score: float | None = None
    max_score: float | None = None
    risk: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    has_phone: bool | None = None
    has_whatsapp: bool | None = None
    has_telegram: bool | None = None
    status: str | None = None
    posted_from: str | None = None
    posted_to: str | None = None
    seen_from: str | None = None
    seen_to: str | None = None
    label: str | None = None
    sort: str = "score"
    page: int = 1
    size: int = 20
    highlight: bool = True
    #: Fall back to any-words matches when all words find fewer ads than this (0: never);
    #: ``relax=false`` in the parameters sets it to 0.
    relax_below: int = field(default_factory=lambda: int(settings.SEARCH_RELAX_BELOW))


def parse_args(args: Mapping[str, Any], *, strict: bool = False) -> SearchQuery:
    """A ``SearchQuery`` from CLI options or web parameters (strings, lists or typed values).

    Singular names are accepted too (``source``, ``country``, ``lang``, ``indicator``,
    ``limit``); list values may repeat or be comma-separated. Unknown names are
    ignored unless ``strict``. Raises InputError naming the bad parameter.
    """
    q = SearchQuery()
    for raw_key, value in args.items():
        key = _ALIASES.get(raw_key, raw_key)
        if value is None or value == "" or value == []:
            continue
        _check_text(raw_key, value)
        if key == "q":
            q.q = _text(raw_key, " ".join(str(v) for v in _list(value)).strip())
        elif key in ("min_score", "max_score"):
            setattr(q, key, _float(raw_key, value, 0.0, 1.0))
        elif key == "risk":
            q.risk = _choices(raw_key, _many(value, str.lower), F.RISK_LEVELS)
        elif key in ("sources", "indicators"):
            setattr(q, key, _many(value))
        elif key == "countries":
            q.countries = _many(value, str.upper)
        elif key == "langs":
            q.langs = _many(value, str.lower)
        elif key in ("has_phone", "has_whatsapp", "has_telegram", "highlight"):
            setattr(q, key, _bool(raw_key, value))
        elif key == "relax":
            q.relax_below = q.relax_below if _bool(raw_key, value) else 0
        elif key == "status":
            q.status = _choices(raw_key, [_one(value).lower()], STATUSES)[0]
        elif key == "label":
            q.label = _choices(raw_key, [_one(value).lower()], (*F.LABEL_VALUES, LABEL_NONE))[0]
        elif key in ("posted_from", "posted_to", "seen_from", "seen_to"):
            setattr(q, key, _date(raw_key, _one(value)))
        elif key == "sort":
            q.sort = _choices(raw_key, [_one(value).lower()], SORTS)[0]
        elif key in ("page", "size"):
            setattr(q, key, _int(raw_key, value, 1, MAX_WINDOW if key == "page" else MAX_SIZE))
        elif strict:
            raise InputError(f"unknown search parameter {raw_key!r}", "see `anzuelo search --help`")
    if q.min_score is not None and q.max_score is not None and q.min_score > q.max_score:
        raise InputError(f"min_score {q.min_score} is above max_score {q.max_score}", "swap the two values")
    if q.page * q.size > MAX_WINDOW:
        raise InputError(f"page {q.page} of size {q.size} is beyond the first {MAX_WINDOW} hits",
                         "narrow the search with filters, or export it")
    return q


def _check_text(name: str, value: Any) -> None:
    # A lone surrogate (undecodable bytes of a command line) cannot be sent as UTF-8: the engine client
    # failed with UnicodeEncodeError, a traceback instead of exit 2 (found by tests/fuzz/test_fuzz_query.py).
    if any(isinstance(v, str) and _SURROGATE.search(v) for v in _list(value)):
        raise InputError(f"{name} holds bytes that are not valid text (not UTF-8)", "retype the value in UTF-8")


def _text(name: str, text: str) -> str:
    """Free text the engine can run: bounded length, words and expanding terms (else too_many_clauses)."""
    if len(text) > settings.SEARCH_MAX_QUERY_CHARS:
        raise InputError(f"{name} is too long ({len(text)} characters; at most {settings.SEARCH_MAX_QUERY_CHARS})",
                         "search for the few most telling words")
    expanding = sum(1 for w in text.split() if _EXPANDING.search(w))
    if expanding > settings.SEARCH_MAX_EXPANDING_TERMS:
        raise InputError(f"{name} has too many fuzzy (~) or prefix (*) terms ({expanding}; "
                         f"at most {settings.SEARCH_MAX_EXPANDING_TERMS})", "spell most words out in full")
    # Count what the analyzer will make terms of: "a-b-c" is three, each matched in every query field.
    terms = _TERM.findall(text)
    if len(terms) > settings.SEARCH_MAX_QUERY_TERMS:
        raise InputError(f"{name} has too many words ({len(terms)}; at most {settings.SEARCH_MAX_QUERY_TERMS})",
                         "search for the few most telling words")
    return text


def _list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _one(value: Any) -> str:
    return str(_list(value)[-1]).strip()


def _many(value: Any, norm=str.strip) -> list[str]:
    out: list[str] = []
    for item in _list(value):
        for part in str(item).split(","):
            part = norm(part.strip())
            if part and part not in out:
                out.append(part)
    if len(out) > settings.SEARCH_MAX_FILTER_VALUES:
        raise InputError(f"too many filter values ({len(out)}; at most {settings.SEARCH_MAX_FILTER_VALUES})",
                         "filter on fewer values, or leave the filter out")
    return out


def _choices(name: str, values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    allowed = tuple(allowed)
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InputError(f"invalid {name}: {', '.join(bad)}", f"use one of: {', '.join(allowed)}")
    return list(values)


def _float(name: str, value: Any, lo: float, hi: float) -> float:
    try:
        number = float(_one(value))
    except ValueError:
        raise InputError(f"{name} must be a number, got {_one(value)!r}", f"e.g. {name}=0.7") from None
    if not lo <= number <= hi:
        raise InputError(f"{name} must be between {lo} and {hi}, got {number}", "scores are probabilities")
    return number


def _int(name: str, value: Any, lo: int, hi: int) -> int:
    try:
        number = int(_one(value))
    except ValueError:
        raise InputError(f"{name} must be a whole number, got {_one(value)!r}", f"e.g. {name}=20") from None
    if not lo <= number <= hi:
        raise InputError(f"{name} must be between {lo} and {hi}, got {number}", f"use {lo}..{hi}")
    return number


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _one(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise InputError(f"{name} must be true or false, got {text!r}", f"e.g. {name}=true")


def _date(name: str, value: str) -> str:
    # The pattern alone let 2024-13-45 through to the engine, which failed the search (503).
    if not _DATE_RE.match(value) or _calendar(value) is None:
        raise InputError(f"{name} must be a date like 2024-05-31, got {value[:40]!r}",
                         "use a real calendar date, YYYY-MM-DD")
    return value.replace(" ", "T", 1)  # the engine's date format wants the T


def _calendar(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None

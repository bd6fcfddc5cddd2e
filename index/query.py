"""Search queries: parse (CLI flags, web query strings) -> ``SearchQuery`` -> engine body.

``parse_args`` validates user input with clear errors; the ``build_*``
functions are pure and return the JSON body the engine receives (the tests
compare them with literal JSON). Free text goes through ``simple_query_string``
so that no user syntax can make the engine fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from anzuelo.errors import InputError
from index import fields as F

SORTS = ("score", "date", "relevance")
STATUSES = (F.STATUS_ONLINE, F.STATUS_GONE)
LABEL_NONE = "none"  # label filter: ads nobody labelled yet
MAX_WINDOW = 10_000  # engines' default max_result_window
MAX_SIZE = 500
#: Fields free text is matched against (title counts double), base and language subfields.
QUERY_FIELDS = [f"{name}{sub}{boost}" for name, boost in ((F.TITLE, "^2"), (F.TEXT, ""), (F.EMPLOYER, ""))
                for sub in ("", ".es", ".en", ".pt")]
#: Facets returned with every search: name -> (field, number of buckets).
FACETS = {"risk": (F.RISK, 3), "source": (F.SOURCE, 50), "country": (F.COUNTRY, 50),
          "lang": (F.LANG, 10), "indicators": (F.INDICATORS, 50)}
#: Contact fields a recruiter page may be keyed on.
RECRUITER_FIELDS = (*F.LINK_FIELDS, F.EMAIL_DOMAINS, F.DOMAINS)
_ALIASES = {"query": "q", "source": "sources", "country": "countries", "lang": "langs",
            "indicator": "indicators", "limit": "size"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


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
        if key == "q":
            q.q = " ".join(str(v) for v in _list(value)).strip()
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


def build_body(q: SearchQuery) -> dict:
    """The engine body of an ads search: query, filters, sort, paging, highlight, facets."""
    must: list[dict] = [_text_query(q.q)] if q.q else []
    filters, must_not = _filters(q)
    body: dict[str, Any] = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filters, "must_not": must_not}},
        "sort": _sort(q.sort),
        "from": (q.page - 1) * q.size,
        "size": q.size,
        "track_total_hits": True,
        "aggs": {name: {"terms": {"field": fld, "size": n}} for name, (fld, n) in FACETS.items()},
    }
    if q.q and q.highlight:
        # Wildcards reach the language subfields, so stemmed matches are highlighted too;
        # encoder html escapes the ad's own markup around the <em> tags.
        body["highlight"] = {
            "encoder": "html", "pre_tags": ["<em>"], "post_tags": ["</em>"],
            "fields": {f"{F.TITLE}*": {"number_of_fragments": 0},
                       f"{F.TEXT}*": {"fragment_size": 160, "number_of_fragments": 3}},
        }
    return body


def build_linked_body(ad: Mapping[str, Any], size: int = 20) -> dict:
    """Ads sharing a phone/WhatsApp/Telegram/e-mail/handle with ``ad``, or near-identical text.

    Each clause is named (``_name``) so hits say why they are linked.
    """
    should: list[dict] = []
    for name in F.LINK_FIELDS:
        values = sorted({str(v) for v in ad.get(name) or []})
        if values:
            should.append({"terms": {name: values, "_name": name}})
    if ad.get(F.TEXT):
        should.append({"more_like_this": {
            "fields": [F.TEXT], "like": str(ad[F.TEXT]), "min_term_freq": 1, "min_doc_freq": 1,
            "max_query_terms": 50, "minimum_should_match": "80%", "_name": "text"}})
    if not should:
        should.append({"match_none": {}})
    must_not = [{"ids": {"values": [ad[F.ID]]}}] if ad.get(F.ID) else []
    return {
        "query": {"bool": {"should": should, "minimum_should_match": 1, "must_not": must_not}},
        "sort": _sort("score"),
        "size": size,
    }


def build_recruiter_body(contact_field: str, value: str, size: int = 100) -> dict:
    """Every ad whose ``contact_field`` holds ``value``, newest first, with a per-source count."""
    if contact_field not in RECRUITER_FIELDS:
        raise InputError(f"cannot group ads by {contact_field!r}",
                         f"use one of: {', '.join(RECRUITER_FIELDS)}")
    return {
        "query": {"bool": {"filter": [{"term": {contact_field: value}}]}},
        "sort": [{F.POSTED_AT: {"order": "desc", "missing": "_last"}}, {F.ID: "asc"}],
        "size": size,
        "track_total_hits": True,
        "aggs": {"source": {"terms": {"field": F.SOURCE, "size": 50}},
                 "first_seen": {"min": {"field": F.FIRST_SEEN}},
                 "last_seen": {"max": {"field": F.LAST_SEEN}}},
    }


def _text_query(text: str) -> dict:
    return {"simple_query_string": {"query": text, "fields": QUERY_FIELDS,
                                    "default_operator": "and", "lenient": True}}


def _filters(q: SearchQuery) -> tuple[list[dict], list[dict]]:
    filters: list[dict] = []
    must_not: list[dict] = []
    score = {k: v for k, v in (("gte", q.min_score), ("lte", q.max_score)) if v is not None}
    if score:
        filters.append({"range": {F.SCORE: score}})
    for fld, values in ((F.RISK, q.risk), (F.SOURCE, q.sources), (F.COUNTRY, q.countries),
                        (F.LANG, q.langs), (F.INDICATORS, q.indicators)):
        if values:
            filters.append({"terms": {fld: values}})
    for fld, flag in ((F.PHONES, q.has_phone), (F.WHATSAPP, q.has_whatsapp), (F.TELEGRAM, q.has_telegram)):
        if flag is not None:
            (filters if flag else must_not).append({"exists": {"field": fld}})
    if q.status:
        filters.append({"term": {F.STATUS: q.status}})
    if q.label == LABEL_NONE:
        must_not.append({"exists": {"field": F.LABEL}})
    elif q.label:
        filters.append({"term": {F.LABEL: q.label}})
    for fld, lo, hi in ((F.POSTED_AT, q.posted_from, q.posted_to), (F.LAST_SEEN, q.seen_from, q.seen_to)):
        rng = {k: v for k, v in (("gte", lo), ("lte", hi)) if v}
        if rng:
            filters.append({"range": {fld: rng}})
    return filters, must_not


def _sort(sort: str) -> list[dict]:
    score = {F.SCORE: {"order": "desc", "missing": "_last"}}
    posted = {F.POSTED_AT: {"order": "desc", "missing": "_last"}}
    first = {"score": [score, posted], "date": [posted, score], "relevance": [{"_score": "desc"}, score]}[sort]
    # The id makes the order total: stable pages and search_after.
    return [*first, {F.ID: "asc"}]


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
    if not _DATE_RE.match(value):
        raise InputError(f"{name} must be a date like 2024-05-31, got {value!r}", "use YYYY-MM-DD")
    return value

"""Search bodies: ``SearchQuery`` -> the JSON the engine receives (parse -> build -> run).

``parse_args`` (in ``index.params``, re-exported here) validates user input;
the ``build_*`` functions are pure and return the engine body (the tests
compare them with literal JSON). Free text goes through ``simple_query_string``
so that no user syntax can make the engine fail. Its words are expanded with
the editable synonyms (``index.synonyms``, ``index.textquery``);
``build_body(q, relaxed=True)`` is the any-words fallback of ``index.search``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from anzuelo.errors import InputError
from index import fields as F
from index import synonyms as syn
from index import textquery
from index.params import LABEL_NONE, MAX_SIZE, MAX_WINDOW, SORTS, STATUSES, SearchQuery, parse_args

__all__ = ["FACETS", "LABEL_NONE", "MAX_SIZE", "MAX_WINDOW", "QUERY_FIELDS", "RECRUITER_FIELDS", "SORTS",
           "STATUSES", "SearchQuery", "build_body", "build_linked_body", "build_recruiter_body", "parse_args"]

#: Fields free text is matched against (title counts double), base and language subfields.
QUERY_FIELDS = [f"{name}{sub}{boost}" for name, boost in ((F.TITLE, "^2"), (F.TEXT, ""), (F.EMPLOYER, ""))
                for sub in ("", ".es", ".en", ".pt")]
#: Facets returned with every search: name -> (field, number of buckets).
FACETS = {"risk": (F.RISK, 3), "source": (F.SOURCE, 50), "country": (F.COUNTRY, 50),
          "lang": (F.LANG, 10), "indicators": (F.INDICATORS, 50), "status": (F.STATUS, 5)}
#: Contact fields a recruiter page may be keyed on.
RECRUITER_FIELDS = (*F.LINK_FIELDS, F.EMAIL_DOMAINS, F.DOMAINS)


def build_body(q: SearchQuery, synonyms: syn.Synonyms | None = None, *, relaxed: bool = False) -> dict:
    """The engine body of an ads search: query, filters, sort, paging, highlight, facets.

    ``synonyms`` defaults to the current synonyms file. ``relaxed``: ads with any of
    the query's words (named clauses), best text match first, instead of all of them.
    """
    table = syn.current() if synonyms is None else synonyms
    must: list[dict] = []
    if q.q:
        must = [textquery.any_words(q.q, table, QUERY_FIELDS) if relaxed else _text_query(textquery.all_words(q.q, table))]
    filters, must_not = _filters(q)
    body: dict[str, Any] = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filters, "must_not": must_not}},
        "sort": _sort("relevance" if relaxed else q.sort),
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

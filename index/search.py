"""Running searches and turning engine responses into typed results.

``search(idx, query)`` runs ``query.build_body`` against the ads alias and
returns a ``SearchResult``: total, hits (id, ad score, relevance, the stored
ad, HTML-safe highlights, names of matched clauses) and facets as
``{facet: {value: count}}``. A free-text search that finds fewer than
``query.relax_below`` ads with all its words is run again with any of them
(``build_body(q, relaxed=True)``); the result says so (``relaxed``, and
``strict_total``: how many had all words) and each hit names the words it has.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from index import fields as F
from index import synonyms as syn
from index import textquery
from index.query import SearchQuery, build_body, build_linked_body, build_recruiter_body

if TYPE_CHECKING:  # pragma: no cover
    from index.store import Index


@dataclass
class Hit:
    """One ad in a result. ``score`` is the ad's risk score (0..1); ``relevance`` the engine's."""

    id: str
    score: float | None
    source: dict[str, Any]
    highlights: dict[str, list[str]] = field(default_factory=dict)
    relevance: float | None = None
    matched: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    """Total matches, the hits of the requested page, facets and the engine's time."""

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    took_ms: int = 0
    #: True when no or few ads had all the words and these are ads with some of them.
    relaxed: bool = False
    #: Ads with all the words (set when ``relaxed``).
    strict_total: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``anzuelo search --json``, the web API)."""
        return {"total": self.total, "took_ms": self.took_ms, "relaxed": self.relaxed,
                "strict_total": self.strict_total, "facets": self.facets,
                "hits": [{"id": h.id, "score": h.score, "relevance": h.relevance, "highlights": h.highlights,
                          "matched": h.matched, "ad": h.source} for h in self.hits]}


def search(idx: Index, query: SearchQuery) -> SearchResult:
    """Run an ads search (parse -> build -> run: this is the run), relaxed when all words find little."""
    table = syn.current()
    strict = to_result(idx.search_ads(build_body(query, table)))
    if not (query.q and strict.total < query.relax_below and textquery.relaxable(query.q, table)):
        return strict
    loose = to_result(idx.search_ads(build_body(query, table, relaxed=True)))
    if loose.total <= strict.total:
        return strict
    loose.relaxed, loose.strict_total = True, strict.total
    loose.took_ms += strict.took_ms
    return loose


def body_for(idx: Index, query: SearchQuery) -> dict[str, Any]:
    """The body ``search(idx, query)`` would show: all words, or any words when it relaxes.

    For exports and scans, so a download holds the ads the page showed.
    """
    table = syn.current()
    strict = build_body(query, table)
    if not (query.q and query.relax_below and textquery.relaxable(query.q, table)):
        return strict
    loose = build_body(query, table, relaxed=True)
    counts = [_count(idx, body) for body in (strict, loose)]
    return loose if counts[0] < query.relax_below and counts[1] > counts[0] else strict


def _count(idx: Index, body: dict[str, Any]) -> int:
    res = idx.search_ads({"query": body["query"], "size": 0, "track_total_hits": True})
    total = res.get("hits", {}).get("total", 0)
    return int(total["value"] if isinstance(total, dict) else total)


def linked(idx: Index, ad: Mapping[str, Any], size: int = 20) -> SearchResult:
    """Ads linked to ``ad`` by a shared contact or near-identical text (never ``ad`` itself)."""
    return to_result(idx.search_ads(build_linked_body(ad, size)))


def recruiter(idx: Index, contact_field: str, value: str, size: int = 100) -> SearchResult:
    """Every ad using one contact value; facet ``source`` says where it advertises."""
    return to_result(idx.search_ads(build_recruiter_body(contact_field, value, size)))


def scan(idx: Index, body: dict[str, Any], max_rows: int | None = None, page: int = 500) -> Iterator[dict[str, Any]]:
    """Stored ads matching ``body``'s query in its sort order, paged with search_after.

    For exports beyond the 10 000-hit window. ``body`` is e.g. ``build_body(q)``.
    """
    body = copy.deepcopy(body)
    for key in ("highlight", "aggs", "from", "size"):
        body.pop(key, None)
    sort = list(body.get("sort") or [{"_score": "desc"}])
    if {F.ID: "asc"} not in sort:  # search_after needs a total order
        sort.append({F.ID: "asc"})
    body["sort"], body["track_total_hits"] = sort, False
    sent, after = 0, None
    while max_rows is None or sent < max_rows:
        size = page if max_rows is None else min(page, max_rows - sent)
        hits = idx.search_ads({**body, "size": size, **({"search_after": after} if after else {})})["hits"]["hits"]
        for hit in hits:
            yield hit["_source"]
        sent += len(hits)
        if len(hits) < size:
            return
        after = hits[-1]["sort"]


def to_result(response: Mapping[str, Any]) -> SearchResult:
    """A ``SearchResult`` from a raw search response (either engine)."""
    total = response.get("hits", {}).get("total", 0)
    total = int(total["value"] if isinstance(total, dict) else total)
    hits = [_hit(h) for h in response.get("hits", {}).get("hits", [])]
    facets = {name: {str(b.get("key_as_string", b["key"])): int(b["doc_count"]) for b in agg["buckets"]}
              for name, agg in (response.get("aggregations") or {}).items() if "buckets" in agg}
    return SearchResult(total=total, hits=hits, facets=facets, took_ms=int(response.get("took", 0)))


def _hit(raw: Mapping[str, Any]) -> Hit:
    source = dict(raw.get("_source") or {})
    score = source.get(F.SCORE)
    return Hit(
        id=str(raw.get("_id")),
        score=float(score) if isinstance(score, (int, float)) else None,
        source=source,
        highlights=merge_highlights(raw.get("highlight") or {}),
        relevance=raw.get("_score"),
        matched=sorted(raw.get("matched_queries") or []),
    )


def merge_highlights(raw: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Fragments per base field: ``text`` first, else a language subfield's (``text.es``)."""
    out: dict[str, list[str]] = {}
    for key in sorted(raw, key=lambda k: (k.count("."), k)):  # base fields before subfields
        base = key.split(".")[0]
        if base not in out and raw[key]:
            out[base] = list(raw[key])
    return out

"""The workbench's one door to the index layer.

Everything the pages, API and CLI commands need from the engine goes through
``Backend``: the shared search (``index.query`` builds, ``index.search``
runs), ads by id, partial updates, the small generic stores (users, saved
searches, audit) and the few read-only bodies the workbench adds on top of the
shared builder (new-since filter, contact aggregation, search_after paging).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from anzuelo import settings
from index import Index
from index import fields as F
from index import query as Q
from index import search as S


def open_backend(url: str, prefix: str | None = None) -> "Backend":
    """Connect to the engine at ``url`` (entry points only).

    ``prefix`` defaults to the INDEX_PREFIX setting read now, so
    ``ANZUELO_INDEX_PREFIX`` works for serve, users, labels and alerts as it
    does for crawl and search.
    """
    return Backend(Index.connect(url, prefix=prefix or str(settings.get("INDEX_PREFIX"))))


def _with_filter(body: dict[str, Any], clause: dict[str, Any]) -> dict[str, Any]:
    """``body`` with ``clause`` ANDed to its query, whatever shape the shared builder gave it."""
    out = copy.deepcopy(body)
    inner = out.get("query") or {"match_all": {}}
    out["query"] = {"bool": {"must": [inner], "filter": [clause]}}
    return out


class Backend:
    """Index access for the workbench (wraps an ``index.Index``)."""

    def __init__(self, idx: Index) -> None:
        self.idx = idx
        self.url = getattr(idx, "url", "")

    # --- ads search (shared parse -> build -> run) ---------------------------
    def search(self, query: Q.SearchQuery) -> S.SearchResult:
        """Run the shared search: facets come as ``{name: {key: count}}``."""
        return S.search(self.idx, query)

    def _raw(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.idx.search_ads(body)

    def scan(self, query: Q.SearchQuery, max_rows: int | None) -> Iterator[dict[str, Any]]:
        """Every hit of ``query`` (up to ``max_rows``) in its sort order, paged with search_after
        (the any-words hits when the search page relaxed the query: the export holds what was shown)."""
        return S.scan(self.idx, S.body_for(self.idx, query), max_rows)

    def scan_body(self, body: dict[str, Any], max_rows: int | None) -> Iterator[dict[str, Any]]:
        """Sources matching a raw ``body``, paged with search_after."""
        return S.scan(self.idx, body, max_rows)

    def new_since(self, query: Q.SearchQuery, since: str, size: int) -> tuple[int, list[dict[str, Any]]]:
        """Hits of ``query`` first seen after ``since``: (count, top ``size`` sources)."""
        body = Q.build_body(query)
        for key in ("highlight", "aggs", "aggregations", "from"):
            body.pop(key, None)
        body = _with_filter(body, {"range": {F.FIRST_SEEN: {"gt": since}}})
        body["size"], body["track_total_hits"] = size, True
        res = self._raw(body)
        return _total(res), [h["_source"] for h in res["hits"]["hits"]]

    # --- ads by id, linking, recruiters --------------------------------------
    def get_ad(self, ad_id: str) -> dict[str, Any] | None:
        """The stored ad or None."""
        return self.idx.get_ad(ad_id)

    def update_ad(self, ad_id: str, partial: dict[str, Any]) -> None:
        """Partial update of one ad (labels), visible to the next search."""
        self.idx.update_partial(ad_id, partial)

    def get_ad_versioned(self, ad_id: str) -> tuple[dict[str, Any] | None, tuple[int, int] | None]:
        """The stored ad and its (seq_no, primary_term), for a write that must not overwrite another."""
        found = self.idx.engine.request("GET", f"/{self.idx.ads_alias}/_doc/{quote(ad_id, safe='')}", ignore=(404,))
        if not found or not found.get("found"):
            return None, None
        return found.get("_source"), (int(found["_seq_no"]), int(found["_primary_term"]))

    def update_ad_if(self, ad_id: str, partial: dict[str, Any], version: tuple[int, int]) -> bool:
        """Merge ``partial`` into the ad only if it is still at ``version``; False on a conflict (409)."""
        seq_no, term = version
        params = {"if_seq_no": str(seq_no), "if_primary_term": str(term), "refresh": "true"}
        done = self.idx.engine.request("POST", f"/{self.idx.ads_alias}/_update/{quote(ad_id, safe='')}",
                                       body={"doc": dict(partial)}, params=params, ignore=(409,))
        return done is not None

    def linked(self, ad: dict[str, Any], size: int) -> list[dict[str, Any]]:
        """Ads sharing a contact with ``ad`` or near-identical text, each with its reasons."""
        out = []
        for hit in S.linked(self.idx, ad, size).hits:
            if hit.id != ad.get(F.ID):
                out.append({"ad": hit.source, "reasons": link_reasons(ad, hit.source, hit.matched)})
        return out

    def recruiter(self, field: str, value: str, size: int) -> list[dict[str, Any]]:
        """Every ad (up to ``size``) whose ``field`` contains ``value``, newest first."""
        return [h.source for h in S.recruiter(self.idx, field, value, size).hits]

    def top_contacts(self, field: str, size: int) -> list[dict[str, Any]]:
        """Contacts of ``field`` used by most ads: value, ad count, high-risk count, last seen."""
        body = {
            "size": 0,
            "aggs": {
                "top": {
                    "terms": {"field": field, "size": size, "min_doc_count": 1},
                    "aggs": {
                        "high": {"filter": {"term": {F.RISK: "high"}}},
                        "last": {"max": {"field": F.LAST_SEEN}},
                    },
                }
            },
        }
        buckets = self._raw(body).get("aggregations", {}).get("top", {}).get("buckets", [])
        return [
            {"value": b["key"], "count": b["doc_count"], "high": b["high"]["doc_count"],
             "last_seen": b["last"].get("value_as_string") or ""}
            for b in buckets
        ]

    # --- small stores --------------------------------------------------------
    def put_doc(self, kind: str, doc_id: str, doc: dict[str, Any], *, refresh: bool = True) -> None:
        """Write one document to store ``kind``; ``refresh=False`` skips the refresh (audit)."""
        self.idx.put_doc(kind, doc_id, doc, refresh=refresh)

    def refresh_docs(self, kind: str) -> None:
        """Make unrefreshed writes to store ``kind`` searchable now (before reading the audit log)."""
        self.idx.refresh_store(kind)

    def get_doc(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        """One document of store ``kind`` or None."""
        return self.idx.get_doc(kind, doc_id)

    def search_docs(self, kind: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Sources of store ``kind`` matching ``body``."""
        return list(self.idx.search_docs(kind, body))

    def delete_doc(self, kind: str, doc_id: str) -> None:
        """Remove one document of store ``kind``."""
        self.idx.delete_doc(kind, doc_id)


def _total(res: dict[str, Any]) -> int:
    total = res["hits"].get("total", 0)
    return int(total["value"] if isinstance(total, dict) else total)


def link_reasons(ad: dict[str, Any], other: dict[str, Any], matched: list[str] = ()) -> list[str]:
    """Why ``other`` is linked to ``ad``: shared contact values, or near-identical text."""
    labels = {F.PHONES: "same phone", F.WHATSAPP: "same WhatsApp", F.TELEGRAM: "same Telegram",
              F.EMAILS: "same e-mail", F.HANDLES: "same handle"}
    reasons = []
    for field in F.LINK_FIELDS:
        shared = sorted(set(ad.get(field) or []) & set(other.get(field) or []))
        reasons += [f"{labels[field]} {value}" for value in shared]
    if ad.get(F.CONTENT_HASH) and ad.get(F.CONTENT_HASH) == other.get(F.CONTENT_HASH):
        reasons.append("identical text")
    elif "text" in matched or not reasons:
        reasons.append("near-identical text")
    if other.get(F.SOURCE) != ad.get(F.SOURCE):
        reasons.append(f"other source: {other.get(F.SOURCE)}")
    return reasons

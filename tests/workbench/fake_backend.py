"""An in-memory stand-in for ``workbench.backend.Backend``, for fast unit tests of the web layer.

It is not a search engine: ``search`` ignores the query and returns every ad
by score. Integration and browser tests use the real engine; these unit tests
check what the web layer does with results (auth, CSRF, roles, escaping, caps).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FakeHit:
    id: str
    score: float
    source: dict[str, Any]
    highlights: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class FakeResult:
    total: int
    hits: list[FakeHit]
    facets: dict[str, dict[str, int]]
    took_ms: int = 1


class FakeBackend:
    """Ads and small stores in dicts; records every scan call."""

    url = "memory://"

    def __init__(self, ads: list[dict[str, Any]] | None = None) -> None:
        self.ads = {a["id"]: copy.deepcopy(a) for a in ads or []}
        self.stores: dict[str, dict[str, dict[str, Any]]] = {}
        self.highlights: dict[str, dict[str, list[str]]] = {}
        self.versions: dict[str, int] = {}

    def _ranked(self) -> list[dict[str, Any]]:
        return sorted(self.ads.values(), key=lambda a: -(a.get("score") or 0))

    def search(self, query: Any) -> FakeResult:
        ads = self._ranked()
        facets: dict[str, dict[str, int]] = {"risk": {}, "status": {}}
        for a in ads:
            for name in facets:
                facets[name][a.get(name)] = facets[name].get(a.get(name), 0) + 1
        hits = [FakeHit(a["id"], a.get("score", 0), a, self.highlights.get(a["id"], {})) for a in ads[:20]]
        return FakeResult(len(ads), hits, facets)

    def scan(self, query: Any, max_rows: int | None):
        for n, ad in enumerate(self._ranked()):
            if max_rows is not None and n >= max_rows:
                return
            yield ad

    def scan_body(self, body: dict[str, Any], max_rows: int | None):
        labels = set(body["query"]["terms"]["label"])
        yield from (a for a in self._ranked() if a.get("label") in labels)

    def new_since(self, query: Any, since: str, size: int):
        new = [a for a in self._ranked() if (a.get("first_seen") or "") > since]
        return len(new), new[:size]

    def get_ad(self, ad_id: str):
        return copy.deepcopy(self.ads.get(ad_id))

    def update_ad(self, ad_id: str, partial: dict[str, Any]) -> None:
        self.ads[ad_id].update(copy.deepcopy(partial))
        self.versions[ad_id] = self.versions.get(ad_id, 0) + 1

    def get_ad_versioned(self, ad_id: str):
        return self.get_ad(ad_id), (self.versions.get(ad_id, 0), 1)

    def update_ad_if(self, ad_id: str, partial: dict[str, Any], version) -> bool:
        if version != (self.versions.get(ad_id, 0), 1):
            return False
        self.update_ad(ad_id, partial)
        return True

    def linked(self, ad: dict[str, Any], size: int):
        return []

    def recruiter(self, field: str, value: str, size: int):
        return [a for a in self._ranked() if value in (a.get(field) or [])][:size]

    def top_contacts(self, field: str, size: int):
        return []

    def put_doc(self, kind: str, doc_id: str, doc: dict[str, Any], *, refresh: bool = True) -> None:
        self.stores.setdefault(kind, {})[doc_id] = copy.deepcopy(doc)

    def refresh_docs(self, kind: str) -> None:
        pass  # dicts are always "refreshed"

    def get_doc(self, kind: str, doc_id: str):
        return copy.deepcopy(self.stores.get(kind, {}).get(doc_id))

    def search_docs(self, kind: str, body: dict[str, Any]):
        docs = list(self.stores.get(kind, {}).values())
        query = body.get("query", {})
        term = query.get("term") or {}
        for f in (query.get("bool") or {}).get("filter", []):
            term.update(f.get("term", {}))
        docs = [d for d in docs if all(d.get(k) == v for k, v in term.items())]
        if body.get("sort"):
            docs.sort(key=lambda d: d.get("at", ""), reverse=True)
        return copy.deepcopy(docs[: body.get("size", 10)])

    def delete_doc(self, kind: str, doc_id: str) -> None:
        self.stores.get(kind, {}).pop(doc_id, None)

"""``Index``: everything anzuelo stores in the engine, behind one object.

Ads live in ``<prefix>-ads`` (an alias, see ``index.aliases``); small generic
stores (crawl runs, users, saved searches, audit) in ``<prefix>-<kind>``,
created on first use with an explicit mapping. The prefix is an argument so
tests (and several deployments on one cluster) stay isolated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from anzuelo import settings
from index import aliases, fields as F, search as S
from index.bulk import BulkResult, bulk_update, bulk_upsert
from index.client import Engine
from index.mapping import store_index_body
from index.query import SearchQuery


class Index:
    """Ads and small stores of one anzuelo deployment (``prefix``) on one engine."""

    def __init__(self, engine: Engine, prefix: str = settings.INDEX_PREFIX, *,
                 ads_version: int = settings.INDEX_ADS_VERSION, bulk_size: int = settings.INDEX_BULK_SIZE,
                 max_retries: int = settings.INDEX_BULK_MAX_RETRIES,
                 backoff: float = settings.INDEX_BULK_BACKOFF) -> None:
        self.engine, self.prefix, self.ads_version = engine, prefix, ads_version
        self.bulk_size, self.max_retries, self.backoff = bulk_size, max_retries, backoff
        self._stores: set[str] = set()

    @classmethod
    def connect(cls, url: str, prefix: str = settings.INDEX_PREFIX, *,
                timeout: float = settings.INDEX_TIMEOUT, **options: Any) -> Index:
        """Connect to the engine at ``url`` (EngineError, exit 3, when unreachable)."""
        return cls(Engine.connect(url, timeout=timeout), prefix, **options)

    @property
    def url(self) -> str:
        """The engine URL."""
        return self.engine.url

    # --- names -------------------------------------------------------------
    @property
    def ads_alias(self) -> str:
        """Alias every reader and writer of ads uses: ``<prefix>-ads``."""
        return f"{self.prefix}-ads"

    def ads_index_name(self, version: int | None = None) -> str:
        """Concrete ads index of ``version`` (default: the current mapping version)."""
        return f"{self.prefix}-ads-v{self.ads_version if version is None else version}"

    def store_name(self, kind: str) -> str:
        """Index of the small store ``kind``: ``<prefix>-<kind>``."""
        return f"{self.prefix}-{kind}"

    # --- ads: setup ----------------------------------------------------------
    def ensure_ads_index(self) -> str:
        """Create the versioned ads index and its alias when missing; return the concrete index.

        On an existing index, fields added to the mapping since it was created
        are put (``aliases.add_missing_fields``); changed fields need ``reindex_to``.
        """
        return aliases.ensure_ads_index(self.engine, self.ads_alias, self.ads_index_name(), self.ads_version)

    def reindex_to(self, new_version: int, *, delete_old: bool = False) -> str:
        """Copy all ads into the index of ``new_version`` and move the alias there."""
        name = aliases.reindex_to(self, new_version, delete_old=delete_old)
        self.ads_version = new_version
        return name

    # --- ads: writes ---------------------------------------------------------
    def bulk_upsert(self, docs: Iterable[dict[str, Any]], dead_letter: Path | None = None) -> BulkResult:
        """Create ads or merge them into the stored ones (``_id`` = ``doc_id(canonical_url)``).

        Partial upserts: fields a doc does not carry (investigators' labels, say)
        keep their stored value, a ``None`` clears one. Failures go to ``dead_letter``.
        """
        return bulk_upsert(self.engine.bulk, self.ads_alias, docs, chunk_size=self.bulk_size,
                           max_retries=self.max_retries, backoff=self.backoff, dead_letter=dead_letter)

    def update_partial(self, ad_id: str, partial: Mapping[str, Any], *, refresh: bool = True) -> bool:
        """Merge ``partial`` into one ad (e.g. labels); False when the ad does not exist."""
        params = {"refresh": "true"} if refresh else None
        found = self.engine.request("POST", f"/{self.ads_alias}/_update/{quote(ad_id, safe='')}",
                                    body={"doc": dict(partial)}, params=params, ignore=(404,))
        return found is not None

    def update_partial_many(self, partials: Mapping[str, Mapping[str, Any]],
                            dead_letter: Path | None = None) -> BulkResult:
        """Partial updates ``{id: partial}`` in bulk (e.g. last_seen of unchanged ads)."""
        return bulk_update(self.engine.bulk, self.ads_alias, {k: dict(v) for k, v in partials.items()},
                           chunk_size=self.bulk_size, max_retries=self.max_retries, backoff=self.backoff,
                           dead_letter=dead_letter)

    def mark_gone(self, source: str, keep_ids: Iterable[str], now: str | None = None) -> int:
        """Set status=gone and gone_at=``now`` on online ads of ``source`` not in ``keep_ids``.

        Never deletes: investigators need the ad after it vanished. Returns how
        many ads were marked. Ids are compared client-side, so ``keep_ids`` may
        be as long as the source is large. An ad written again goes back to
        online with gone_at null (the crawler sends both).
        """
        keep = set(keep_ids)
        self.refresh()
        body = {"query": {"bool": {"filter": [{"term": {F.SOURCE: source}},
                                              {"term": {F.STATUS: F.STATUS_ONLINE}}]}},
                "_source": [F.ID], "sort": [{F.ID: "asc"}]}
        gone = [d[F.ID] for d in S.scan(self, body) if d.get(F.ID) and d[F.ID] not in keep]
        if not gone:
            return 0
        at = now or datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        result = self.update_partial_many({i: {F.STATUS: F.STATUS_GONE, F.GONE_AT: at} for i in gone})
        self.refresh()
        return result.indexed

    # --- ads: reads ----------------------------------------------------------
    def get_ad(self, ad_id: str) -> dict[str, Any] | None:
        """One stored ad or None."""
        found = self.engine.request("GET", f"/{self.ads_alias}/_doc/{quote(ad_id, safe='')}", ignore=(404,))
        return found.get("_source") if found and found.get("found") else None

    def mget(self, ids: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """``{id: ad or None}`` for ``ids`` in one request."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        found = self.engine.request("POST", f"/{self.ads_alias}/_mget", body={"ids": ids}, ignore=(404,)) or {}
        out: dict[str, dict[str, Any] | None] = dict.fromkeys(ids)
        for doc in found.get("docs", []):
            if doc.get("found"):
                out[doc["_id"]] = doc.get("_source")
        return out

    def count(self, query: dict | None = None) -> int:
        """Number of ads (matching ``query``, an engine query clause, when given)."""
        body = {"query": query} if query else None
        found = self.engine.request("POST", f"/{self.ads_alias}/_count", body=body, ignore=(404,))
        return int(found["count"]) if found else 0

    def refresh(self) -> None:
        """Make recent writes to ads visible to searches now."""
        self.engine.request("POST", f"/{self.ads_alias}/_refresh", ignore=(404,))

    def search_ads(self, body: dict[str, Any]) -> dict[str, Any]:
        """Raw search response of ``body`` over the ads alias (no hits before the first ad is indexed)."""
        found = self.engine.request("POST", f"/{self.ads_alias}/_search", body=body, ignore=(404,))
        return found or {"took": 0, "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}

    def search(self, query: SearchQuery) -> S.SearchResult:
        """Run a parsed ads search."""
        return S.search(self, query)

    def linked(self, ad: Mapping[str, Any], size: int = 20) -> S.SearchResult:
        """Ads sharing a contact or near-identical text with ``ad``."""
        return S.linked(self, ad, size)

    def recruiter(self, contact_field: str, value: str, size: int = 100) -> S.SearchResult:
        """Every ad using one contact value."""
        return S.recruiter(self, contact_field, value, size)

    def scan(self, body: dict[str, Any], max_rows: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored ads matching ``body`` (all pages, search_after)."""
        return S.scan(self, body, max_rows)

    # --- small generic stores ------------------------------------------------
    def _store(self, kind: str) -> str:
        name = self.store_name(kind)
        if kind not in self._stores:
            aliases.create_index(self.engine, name, store_index_body(kind))  # no-op when it exists
            self._stores.add(kind)
        return name

    def put_doc(self, kind: str, doc_id: str, doc: Mapping[str, Any], *, refresh: bool = True) -> None:
        """Write one document of store ``kind``.

        With ``refresh`` (the default) it is visible to searches at once, which
        costs a refresh of the store on every write (~100 ms under load). Pass
        ``refresh=False`` for append-only writes nobody reads back at once (the
        audit log): ``get_doc`` still sees them, searches after the next
        ``refresh_store`` or the engine's periodic refresh (1 s).
        """
        self.engine.request("PUT", f"/{self._store(kind)}/_doc/{quote(str(doc_id), safe='')}",
                            body=dict(doc), params={"refresh": "true"} if refresh else None)

    def refresh_store(self, kind: str) -> None:
        """Make recent writes to store ``kind`` visible to searches now (no-op when it does not exist)."""
        self.engine.request("POST", f"/{self.store_name(kind)}/_refresh", ignore=(404,))

    def get_doc(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        """One document of store ``kind`` or None."""
        found = self.engine.request("GET", f"/{self.store_name(kind)}/_doc/{quote(str(doc_id), safe='')}",
                                    ignore=(404,))
        return found.get("_source") if found and found.get("found") else None

    def search_docs(self, kind: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Sources of store ``kind`` matching ``body`` (empty when the store does not exist yet)."""
        found = self.engine.request("POST", f"/{self.store_name(kind)}/_search", body=body, ignore=(404,))
        return [h["_source"] for h in (found or {}).get("hits", {}).get("hits", [])]

    def delete_doc(self, kind: str, doc_id: str) -> bool:
        """Delete one document of store ``kind``; False when it was not there."""
        found = self.engine.request("DELETE", f"/{self.store_name(kind)}/_doc/{quote(str(doc_id), safe='')}",
                                    params={"refresh": "true"}, ignore=(404,))
        return bool(found and found.get("result") == "deleted")

    # --- housekeeping --------------------------------------------------------
    def drop_all(self) -> list[str]:
        """Delete every index of this prefix (tests, ``reset``); returns their names."""
        found = self.engine.request("GET", f"/{self.prefix}-*", ignore=(404,)) or {}
        names = sorted(found)
        if names:
            self.engine.request("DELETE", "/" + ",".join(names))
        self._stores.clear()
        return names

    def close(self) -> None:
        """Close the engine connection."""
        self.engine.close()

"""Index layer: one interface over Elasticsearch 9 and OpenSearch 2/3.

Never imports Scrapy or ``nlp``. Public API::

    from index import Index, doc_id, BulkResult, SearchQuery, parse_args, SearchResult, Hit
    idx = Index.connect(url, prefix="anzuelo")   # EngineError (exit 3) if unreachable
    idx.ensure_ads_index()
    idx.bulk_upsert(docs, dead_letter=path)      # -> BulkResult(indexed, failed, retried, errors)
    idx.search(parse_args({"q": "modelos", "risk": ["high"]}))  # -> SearchResult

Modules: ``client`` (connect, detect engine), ``mapping`` (settings and
mappings as code), ``aliases`` (versioned index + alias), ``bulk`` (writes),
``query`` (parse -> build), ``search`` (run -> typed results), ``store``
(the ``Index`` object, generic small stores).
"""

from index.bulk import BulkResult, doc_id
from index.client import Engine, EngineInfo
from index.query import SearchQuery, build_body, build_linked_body, build_recruiter_body, parse_args
from index.search import Hit, SearchResult
from index.store import Index

__all__ = [
    "BulkResult", "Engine", "EngineInfo", "Hit", "Index", "SearchQuery", "SearchResult",
    "build_body", "build_linked_body", "build_recruiter_body", "doc_id", "parse_args",
]

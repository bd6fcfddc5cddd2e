"""Creating the versioned ads index behind its alias, and moving the alias to a new version.

Readers and writers only ever use the alias (``<prefix>-ads``); the concrete
index is ``<prefix>-ads-v<N>``. A mapping or model change creates ``v<N+1>``,
copies the ads over and swaps the alias in one atomic ``_aliases`` call.
The copy runs client-side (search_after + bulk) so it needs no reindex module
and works the same on OpenSearch and Elasticsearch.
"""

from __future__ import annotations

import logging
import re

from anzuelo.errors import EngineError
from index.bulk import bulk_upsert
from index.client import Engine
from index.mapping import ads_index_body, ads_mapping

logger = logging.getLogger(__name__)


def alias_targets(engine: Engine, alias: str) -> list[str]:
    """Concrete indices behind ``alias`` (empty when the alias does not exist)."""
    found = engine.request("GET", f"/_alias/{alias}", ignore=(404,)) or {}
    return sorted(name for name, info in found.items() if alias in (info.get("aliases") or {}))


#: ``<prefix>-ads-v<mapping version>`` optionally followed by ``-r<generation>`` (a rescore's copy).
_NAME = re.compile(r"^(?P<base>.+-v(?P<version>\d+))(?:-r(?P<generation>\d+))?$")


def split_name(index_name: str) -> tuple[str, int, int]:
    """(base name, mapping version, generation) of an ads index; the first copy is generation 1."""
    found = _NAME.match(index_name)
    if not found:
        raise EngineError(f"{index_name!r} is not an anzuelo ads index name (<prefix>-ads-v<N>[-r<K>])",
                          "point the alias at an index created by anzuelo")
    return found["base"], int(found["version"]), int(found["generation"] or 1)


def same_mapping(index_name: str, wanted: str) -> bool:
    """True when ``index_name`` is ``wanted`` or a rescored generation of it (same mapping version)."""
    return index_name == wanted or (_NAME.match(index_name) is not None and split_name(index_name)[0] == wanted)


def mapping_version(index_name: str) -> int:
    """Mapping version of an ads index name."""
    return split_name(index_name)[1]


def next_generation(engine: Engine, index_name: str) -> str:
    """Name of the next rescore generation after every existing one of ``index_name``'s base."""
    base = split_name(index_name)[0]
    existing = engine.request("GET", f"/{base}*", params={"expand_wildcards": "open,closed"}, ignore=(404,)) or {}
    top = max([split_name(n)[2] for n in existing if _NAME.match(n) and split_name(n)[0] == base] + [1])
    return f"{base}-r{top + 1}"


def create_index(engine: Engine, name: str, body: dict) -> bool:
    """Create index ``name``; False when it already existed (another process won the race)."""
    return engine.create_index(name, body)


def ensure_ads_index(engine: Engine, alias: str, index_name: str, version: int) -> str:
    """Make sure ``alias`` exists; create ``index_name`` behind it when missing. Returns the index."""
    targets = alias_targets(engine, alias)
    if targets:
        if not any(same_mapping(t, index_name) for t in targets):
            logger.warning("alias %s points at %s, not %s: run a reindex to move to mapping v%d",
                           alias, ", ".join(targets), index_name, version)
        add_missing_fields(engine, targets[-1])
        return targets[-1]
    if engine.request("GET", f"/{alias}", ignore=(404,)):
        raise EngineError(f"an index named {alias!r} exists, so the alias of that name cannot be created",
                          f"it was probably auto-created by a write before setup; delete it (DELETE /{alias}) "
                          "and index the ads again")
    body = ads_index_body(version)
    body["aliases"] = {alias: {"is_write_index": True}}
    if not create_index(engine, index_name, body):
        # The index exists without the alias (a crash between the two): add the alias.
        engine.request("POST", "/_aliases", body={"actions": [{"add": {"index": index_name, "alias": alias}}]})
    return index_name


def add_missing_fields(engine: Engine, index_name: str) -> list[str]:
    """Put the mapping of fields added to ``index.mapping`` since ``index_name`` was created.

    The ads mapping is ``dynamic: false``, so a new field (``gone_at``, say) can
    be added to the live index with a put-mapping: no new index version, no
    reindex. Ads stored before keep the field in _source only if they had it, and
    ads written from now on are searchable by it. Changing a field that exists
    still needs a new ``INDEX_ADS_VERSION``. Returns the names added.
    """
    found = engine.request("GET", f"/{index_name}/_mapping", ignore=(404,)) or {}
    current = next(iter(found.values()), {}).get("mappings", {}).get("properties", {})
    wanted = ads_mapping()["properties"]
    missing = {name: spec for name, spec in wanted.items() if name not in current}
    if missing:
        engine.request("PUT", f"/{index_name}/_mapping", body={"properties": missing})
        logger.info("added fields %s to the mapping of %s", ", ".join(sorted(missing)), index_name)
    return sorted(missing)


def swap_alias(engine: Engine, alias: str, new_index: str) -> None:
    """Point ``alias`` at ``new_index`` only, atomically."""
    actions: list[dict] = [{"remove": {"index": old, "alias": alias}} for old in alias_targets(engine, alias)
                           if old != new_index]
    actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
    engine.request("POST", "/_aliases", body={"actions": actions})


def reindex_to(idx, new_version: int, *, delete_old: bool = False) -> str:
    """Create the ads index of ``new_version``, copy every ad, swap the alias; return the new name.

    ``idx`` is an ``index.Index``. The old index is kept unless ``delete_old``
    (so a bad mapping can be rolled back with ``swap_alias``).
    """
    from index.search import scan

    engine: Engine = idx.engine
    old = alias_targets(engine, idx.ads_alias)
    new_index = idx.ads_index_name(new_version)
    if new_index in old:
        return new_index
    create_index(engine, new_index, ads_index_body(new_version))
    if old:
        idx.refresh()
        docs = scan(idx, {"query": {"match_all": {}}, "sort": []})
        result = bulk_upsert(engine.bulk, new_index, docs, chunk_size=idx.bulk_size,
                             max_retries=idx.max_retries, backoff=idx.backoff)
        if result.failed:
            raise EngineError(f"{result.failed} ads could not be copied to {new_index}: {result.errors[:3]}",
                              f"fix the mapping of v{new_version}; the alias still points at {', '.join(old)}")
        engine.request("POST", f"/{new_index}/_refresh")
    swap_alias(engine, idx.ads_alias, new_index)
    if delete_old:
        for name in old:
            engine.request("DELETE", f"/{name}")
    return new_index

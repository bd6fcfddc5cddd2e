"""Old ads index versions: listing them, rolling the alias back to one, pruning the oldest.

A rescore leaves the index it replaced in place, unaliased, so a bad model can
be undone in one command. ``rollback`` moves the alias back to the newest
version created before the current one, in one ``_aliases`` call, and then
carries over what only the current version has: ads first indexed after the
swap, and label entries (merged, never overwritten). ``prune`` deletes all but
the newest ``keep`` unaliased versions.
"""

from __future__ import annotations

from typing import Any

from anzuelo.errors import InputError
from index import aliases, pit
from index import fields as F
from index.bulk import bulk_upsert
from index.rescore_merge import merge_labels


def versions(engine: Any, alias: str) -> list[tuple[str, int]]:
    """Every ads index of ``alias`` as (name, creation time in ms), oldest first."""
    found = engine.request("GET", f"/{alias}-v*/_settings/index.creation_date", ignore=(404,)) or {}
    out = [(name, int(info["settings"]["index"]["creation_date"])) for name, info in found.items()]
    return sorted(out, key=lambda item: (item[1], item[0]))


def previous_version(engine: Any, alias: str) -> tuple[str, str]:
    """(current index, the newest index created before it)."""
    current = aliases.alias_targets(engine, alias)
    if len(current) != 1:
        raise InputError(f"alias {alias} points at {len(current)} indices", "point it at one index first")
    listed = [name for name, _ in versions(engine, alias)]
    older = listed[:listed.index(current[0])] if current[0] in listed else []
    if not older:
        raise InputError(f"there is no version of {alias} older than {current[0]} to roll back to",
                         "old versions are kept by `anzuelo rescore` (see --keep); none is left")
    return current[0], older[-1]


def rollback(idx: Any, page: int = 500) -> dict[str, Any]:
    """Point the alias at the previous version and carry new ads and labels back into it."""
    engine = idx.engine
    current, previous = previous_version(engine, idx.ads_alias)
    aliases.swap_alias(engine, idx.ads_alias, previous)
    copied = merged = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal copied, merged
        found = engine.request("POST", f"/{previous}/_mget", body={"ids": [d[F.ID] for d in batch]},
                               params={"_source_includes": f"{F.LABEL},{F.LABELS}"})
        there = {d["_id"]: d.get("_source", {}) for d in found["docs"] if d.get("found")}
        missing = [d for d in batch if d[F.ID] not in there]
        partials = [{F.ID: d[F.ID], **m} for d in batch if d[F.ID] in there
                    for m in [merge_labels(there[d[F.ID]], d)] if m]
        for docs in (missing, partials):
            if docs:
                bulk_upsert(engine.bulk, previous, docs, chunk_size=idx.bulk_size, max_retries=idx.max_retries,
                            backoff=idx.backoff)
        copied, merged = copied + len(missing), merged + len(partials)
        batch.clear()

    for doc, _ in pit.written_after(engine, current, -1, pit.max_seq_no(engine, current), page):
        batch.append(doc)
        if len(batch) >= page:
            flush()
    if batch:
        flush()
    engine.request("POST", f"/{previous}/_refresh")
    return {"index": previous, "previous": current, "copied_back": copied, "labels_merged": merged}


def prune(engine: Any, alias: str, keep: int, protect: tuple[str, ...] = ()) -> list[str]:
    """Delete unaliased versions of ``alias`` beyond the newest ``keep``; returns the names deleted."""
    live = set(aliases.alias_targets(engine, alias)) | set(protect)
    old = [name for name, _ in versions(engine, alias) if name not in live]
    doomed = old[:max(0, len(old) - keep)]
    for name in doomed:
        engine.request("DELETE", f"/{name}", ignore=(404,))
    return doomed

"""Point-in-time reads of one index, in slices, paged with search_after; reads by sequence number.

A point in time (PIT) freezes what an index holds when it is opened, so a long
copy sees one consistent picture while crawls and labellers keep writing. The
two engines spell the API differently (OpenSearch ``/<index>/_search/point_in_time``
and ``pit_id``; Elasticsearch ``/<index>/_pit`` and ``id``); the search itself is
the same ``POST /_search`` with ``pit`` and ``slice``. Slices hash ``_id``
(``"field": "_id"``), so slice ``i`` of ``n`` holds the same ads in every PIT of
the index: a checkpoint taken under one PIT stays valid when an expired PIT is
replaced by a fresh one. Pages are sorted by ``id`` (the unique ad id), so the
checkpoint is a plain search_after value.

``_seq_no`` says what changed after a moment: each write to a shard gets the
next number, so "docs with ``_seq_no`` above the maximum seen at time t" is
"docs written after t". The ads index has one shard (``index.mapping``), which
makes the maximum one number.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from index import fields as F
from index.client import Engine

#: Sort of every paged read: the ad id is unique, so search_after never skips or repeats.
SORT = [{F.ID: "asc"}]


def open_pit(engine: Engine, index: str, keep_alive: str) -> str:
    """Open a point in time on ``index``; returns its id."""
    if engine.is_opensearch:
        found = engine.request("POST", f"/{index}/_search/point_in_time", params={"keep_alive": keep_alive})
        return str(found["pit_id"])
    found = engine.request("POST", f"/{index}/_pit", params={"keep_alive": keep_alive})
    return str(found["id"])


def close_pit(engine: Engine, pit_id: str) -> None:
    """Release a point in time (quietly when it already expired)."""
    if engine.is_opensearch:
        engine.request("DELETE", "/_search/point_in_time", body={"pit_id": [pit_id]}, ignore=(404,))
    else:
        engine.request("DELETE", "/_pit", body={"id": pit_id}, ignore=(404,))


def pit_alive(engine: Engine, pit_id: str, keep_alive: str) -> bool:
    """True when ``pit_id`` can still be searched (it expires ``keep_alive`` after its last use)."""
    body = {"size": 0, "pit": {"id": pit_id, "keep_alive": keep_alive}, "track_total_hits": False}
    return engine.request("POST", "/_search", body=body, ignore=(400, 404)) is not None


def slice_body(pit_id: str, keep_alive: str, slice_id: int, slices: int, size: int,
               after: list[Any] | None) -> dict[str, Any]:
    """Search body of one page of slice ``slice_id`` of ``slices`` (tested as literal JSON)."""
    body: dict[str, Any] = {"size": size, "pit": {"id": pit_id, "keep_alive": keep_alive}, "sort": SORT,
                            "track_total_hits": False, "query": {"match_all": {}}}
    if slices > 1:
        body["slice"] = {"field": "_id", "id": slice_id, "max": slices}
    if after:
        body["search_after"] = after
    return body


def read_slice(engine: Engine, pit_id: str, keep_alive: str, slice_id: int, slices: int, size: int,
               after: list[Any] | None = None) -> Iterator[tuple[list[dict[str, Any]], list[Any]]]:
    """Pages of slice ``slice_id``: (ads with ``id`` set from ``_id``, sort values of the last one).

    The caller checkpoints the sort values after it has written a page, so a
    re-run continues with the page after the last one written.
    """
    while True:
        found = engine.request("POST", "/_search", body=slice_body(pit_id, keep_alive, slice_id, slices, size, after))
        pit_id = str(found.get("pit_id") or pit_id)  # the engine may hand back a newer id of the same PIT
        hits = found["hits"]["hits"]
        if not hits:
            return
        after = hits[-1]["sort"]
        yield [{**h["_source"], F.ID: h["_source"].get(F.ID) or h["_id"]} for h in hits], after
        if len(hits) < size:
            return


def max_seq_no(engine: Engine, index: str) -> int:
    """Highest ``_seq_no`` in ``index`` now (-1 when empty); refreshes it first."""
    engine.request("POST", f"/{index}/_refresh")
    body = {"size": 1, "sort": [{"_seq_no": "desc"}], "_source": False, "seq_no_primary_term": True,
            "track_total_hits": False}
    hits = engine.request("POST", f"/{index}/_search", body=body)["hits"]["hits"]
    return int(hits[0]["_seq_no"]) if hits else -1


def written_after(engine: Engine, index: str, seq_no: int, upto: int | None = None,
                  size: int = 500) -> Iterator[tuple[dict[str, Any], int]]:
    """Every ad of ``index`` last written after ``seq_no`` (and at most ``upto``): (ad, its ``_seq_no``).

    ``upto`` bounds the scan: an ad written again while it runs gets a higher
    number and would come round again, so under steady writes (a labeller at
    work) an open scan could never end. Such an ad is the next round's.
    """
    after: list[Any] | None = None
    bounds = {"gt": seq_no, **({"lte": upto} if upto is not None else {})}
    while True:
        body: dict[str, Any] = {"size": size, "query": {"range": {"_seq_no": bounds}},
                                "sort": [{"_seq_no": "asc"}], "seq_no_primary_term": True, "track_total_hits": False}
        if after:
            body["search_after"] = after
        hits = engine.request("POST", f"/{index}/_search", body=body)["hits"]["hits"]
        for h in hits:
            yield {**h["_source"], F.ID: h["_source"].get(F.ID) or h["_id"]}, int(h["_seq_no"])
        if len(hits) < size:
            return
        after = hits[-1]["sort"]

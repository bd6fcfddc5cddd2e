"""Writes that reached the old index around an alias swap, carried into the new one.

Between the last catch-up and the swap, a label save or a crawl write can still
land in the old index (the alias pointed there when it was sent). Blocking
writes would make a labeller's save fail; instead, after the swap, every ad the
old index received after the last catch-up (``_seq_no`` above it) is carried
over, guarded by the new index's sequence numbers:

* the ad was not written in the new index since the swap (``_seq_no`` at or
  below the new index's mark taken just before it): the old index's version is
  the newer one, so it replaces the copy (re-scored);
* it was (a crawl or label after the swap): that version is kept and only the
  label history is merged, so both labellers' entries survive.

Both writes use ``if_seq_no``/``if_primary_term``; a conflict re-reads and
tries again. ``merge_labels`` is also what ``rollback`` uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from index import fields as F
from index import pit

Transform = Callable[[list[dict[str, Any]]], tuple[list[dict[str, Any]], int, int]]


def merge_labels(kept: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Any] | None:
    """``{label, labels}`` holding both histories (oldest first), or None when ``kept`` has them all.

    Entries are the workbench's ``{label, note, user, at}``; the same entry in
    both is kept once. The latest verdict is that of the latest entry.
    """
    def key(e: Mapping[str, Any]) -> tuple:
        return (e.get("at") or "", e.get("user") or "", e.get("label") or "", e.get("note") or "")

    mine = [e for e in kept.get(F.LABELS) or [] if isinstance(e, dict)]
    theirs = [e for e in other.get(F.LABELS) or [] if isinstance(e, dict)]
    seen = {key(e) for e in mine}
    extra = [e for e in theirs if key(e) not in seen]
    if not extra:
        return None
    history = sorted(mine + extra, key=key)
    return {F.LABEL: history[-1].get("label"), F.LABELS: history}


def _get(engine: Any, index: str, ad_id: str) -> tuple[dict[str, Any] | None, int, int]:
    found = engine.request("GET", f"/{index}/_doc/{quote(ad_id, safe='')}", ignore=(404,))
    if not found or not found.get("found"):
        return None, -1, 0
    return found["_source"], int(found["_seq_no"]), int(found["_primary_term"])


def carry_one(engine: Any, target: str, ad: dict[str, Any], target_mark: int, transform: Transform,
              tries: int = 5) -> bool:
    """Carry one late-written ad into ``target`` (see the module docstring); True when it wrote."""
    ad_id = str(ad[F.ID])
    path = f"/{target}/_doc/{quote(ad_id, safe='')}"
    for _ in range(tries):
        current, seq_no, term = _get(engine, target, ad_id)
        if current is None or seq_no <= target_mark:
            body = transform([ad])[0][0]
            params = {"op_type": "create"} if current is None else {"if_seq_no": seq_no, "if_primary_term": term}
            done = engine.request("PUT", path, body=body, params={**params, "refresh": "false"}, ignore=(409,))
        else:
            merged = merge_labels(current, ad)
            if merged is None:
                return False
            done = engine.request("POST", f"/{target}/_update/{quote(ad_id, safe='')}", body={"doc": merged},
                                  params={"if_seq_no": seq_no, "if_primary_term": term}, ignore=(409,))
        if done is not None:
            return True
    raise RuntimeError(f"ad {ad_id} kept changing in {target} while a late write was carried over")


def reconcile(engine: Any, source: str, target: str, since: int, target_mark: int, transform: Transform) -> int:
    """Carry every ad written to ``source`` after ``since`` into ``target``; how many were written."""
    upto = pit.max_seq_no(engine, source)  # refreshes: late writes are not searchable before
    carried = sum(carry_one(engine, target, ad, target_mark, transform)
                  for ad, _ in pit.written_after(engine, source, since, upto))
    engine.request("POST", f"/{target}/_refresh")
    return carried

"""Rescore without downtime: copy the live ads index into a new version, re-scored, then swap the alias.

Steps (``anzuelo rescore`` wires them; any number of processes may run slices):

1. ``start``: the alias's index is the source; the target is its next
   generation (``<prefix>-ads-v1`` -> ``-v1-r2``), created with the mapping code
   of ``index.mapping``. The source's highest ``_seq_no`` is noted, then a point
   in time is opened on it. Both go into the plan (``index.rescore_plan``).
2. ``copy_slice``: one PIT slice, page by page: re-score (``transform``) and
   upsert into the target, checkpoint after each page. Readers and writers
   still use the alias, so search and labelling go on meanwhile.
3. ``finish``: writes the source received after the PIT (crawls, labels) are
   copied again (``_seq_no`` above the mark), the counts are compared, and
   only when they match is the alias moved in one ``_aliases`` call.
   Writes that reached the source between the last catch-up and the swap are
   reconciled afterwards (``index.rescore_merge``), so no label is lost and
   nothing ever blocks a writer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from anzuelo.errors import AnzueloError, InputError
from index import aliases, pit
from index import fields as F
from index.bulk import bulk_upsert
from index.mapping import ads_index_body
from index.rescore_merge import reconcile
from index.rescore_plan import Checkpoint, Plan, RescoreState

#: Re-scores a page of stored ads: (ads to write, how many were re-scored, how many failed).
Transform = Callable[[list[dict[str, Any]]], tuple[list[dict[str, Any]], int, int]]


class CountMismatch(AnzueloError):
    """Source and target disagree on the number of ads: the alias is left where it was (exit 1)."""

    exit_code = 1


def count(engine: Any, index: str) -> int:
    """Ads in one concrete index, after a refresh."""
    engine.request("POST", f"/{index}/_refresh")
    return int(engine.request("POST", f"/{index}/_count")["count"])


def start(idx: Any, state: RescoreState, *, slices: int, keep_alive: str, model_version: str,
          scope: dict[str, Any]) -> Plan:
    """The plan in progress (joined when compatible) or a new one: target created, PIT opened."""
    engine, alias = idx.engine, idx.ads_alias
    found = state.load_plan()
    if found is not None:
        if found.model_version != model_version or found.scope != scope:
            raise InputError(f"a rescore of {alias} to model {found.model_version} ({found.scope}) is in progress",
                             "re-run it with the same --model/--source/--all to finish it, or `anzuelo rescore "
                             "--abort` to drop it")
        if found.slices != slices:
            raise InputError(f"the rescore in progress has {found.slices} slices, not {slices}",
                             f"use --slices {found.slices} (or --slice I/{found.slices}), or --abort it")
        return found
    targets = aliases.alias_targets(engine, alias)
    if len(targets) != 1:
        raise InputError(f"alias {alias} points at {len(targets)} indices ({', '.join(targets) or 'none'})",
                         "index some ads first (`anzuelo crawl`), or point the alias at one index")
    source = targets[0]
    target = aliases.next_generation(engine, source)
    aliases.create_index(engine, target, ads_index_body(aliases.mapping_version(source)))
    mark = pit.max_seq_no(engine, source)  # before the PIT: what is written between them is caught up
    pit_id = pit.open_pit(engine, source, keep_alive)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    plan = state.create_plan(Plan(alias, source, target, pit_id, keep_alive, mark, slices, model_version, scope, now))
    if plan.pit_id != pit_id:  # another process created the plan first: use its PIT
        pit.close_pit(engine, pit_id)
    return plan


def write(idx: Any, target: str, docs: list[dict[str, Any]]) -> int:
    """Upsert ``docs`` into ``target``; raises when any is refused (never a silent gap)."""
    result = bulk_upsert(idx.engine.bulk, target, docs, chunk_size=idx.bulk_size, max_retries=idx.max_retries,
                         backoff=idx.backoff)
    if result.failed:
        raise AnzueloError(f"{result.failed} ads could not be written to {target}: {result.errors[:2]}",
                           "see the engine's log; the alias was not moved, re-run `anzuelo rescore` to resume")
    return result.indexed


def copy_slice(idx: Any, state: RescoreState, plan: Plan, slice_id: int, transform: Transform, page: int,
               on_page: Callable[[int], None] = lambda n: None) -> Checkpoint:
    """Copy slice ``slice_id`` of the plan into the target, resuming from its checkpoint."""
    cp = state.checkpoint(slice_id, plan.slices)
    if cp.done:
        return cp
    if not pit.pit_alive(idx.engine, plan.pit_id, plan.keep_alive):
        # Expired while the job was stopped: slices hash _id, so a fresh PIT has the same slices.
        plan.pit_id = pit.open_pit(idx.engine, plan.source, plan.keep_alive)
        state.save_plan(plan)
    for docs, after in pit.read_slice(idx.engine, plan.pit_id, plan.keep_alive, slice_id, plan.slices, page,
                                      cp.after):
        out, rescored, failed = transform(docs)
        cp.written += write(idx, plan.target, out)
        cp.after, cp.read = after, cp.read + len(docs)
        cp.rescored, cp.failed = cp.rescored + rescored, cp.failed + failed
        state.save(cp)
        on_page(len(docs))
    cp.done = True
    state.save(cp)
    return cp


def keep_scores(engine: Any, target: str, version: str, transform: Transform) -> Transform:
    """``transform`` that skips the model for ads whose text the target already holds scored by ``version``.

    Most writes caught up are label saves or a crawl's last_seen: the text is
    the same, so the score copied a moment ago still holds. Only changed text
    (or an ad the target lacks) goes through the model again.
    """
    def reuse(ads: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
        found = engine.request("POST", f"/{target}/_mget", body={"ids": [a[F.ID] for a in ads]})["docs"]
        have = {d["_id"]: d["_source"] for d in found if d.get("found")}
        same = [i for i, a in enumerate(ads) if (t := have.get(a[F.ID])) and t.get(F.MODEL_VERSION) == version
                and (t.get(F.TITLE), t.get(F.TEXT)) == (a.get(F.TITLE), a.get(F.TEXT))]
        rest = [a for i, a in enumerate(ads) if i not in same]
        scored, rescored, failed = transform(rest) if rest else ([], 0, 0)
        out, it = [], iter(scored)
        for i, a in enumerate(ads):
            out.append({**a, **{k: have[a[F.ID]].get(k) for k in F.SCORE_FIELDS}} if i in same else next(it))
        return out, rescored, failed

    return reuse


def catch_up(idx: Any, plan: Plan, since: int, transform: Transform, page: int) -> tuple[int, int]:
    """Copy again every source ad written after ``since``: (ads copied, the new mark)."""
    mark = pit.max_seq_no(idx.engine, plan.source)
    transform = keep_scores(idx.engine, plan.target, plan.model_version, transform)
    copied, batch = 0, []
    for doc, _ in pit.written_after(idx.engine, plan.source, since, mark, page):
        batch.append(doc)
        if len(batch) >= page:
            copied += write(idx, plan.target, transform(batch)[0])
            batch = []
    if batch:
        copied += write(idx, plan.target, transform(batch)[0])
    return copied, mark


def finish(idx: Any, state: RescoreState, plan: Plan, transform: Transform, *, page: int, rounds: int,
           grace: float) -> dict[str, Any]:
    """Catch up, compare counts, swap the alias atomically, reconcile late writes; the summary."""
    engine = idx.engine
    since, caught = plan.mark, 0
    for _ in range(max(1, rounds)):
        copied, since = catch_up(idx, plan, since, transform, page)
        caught += copied
        n_source, n_target = count(engine, plan.source), count(engine, plan.target)
        if n_source == n_target:
            break
    if n_source != n_target:
        raise CountMismatch(f"{plan.target} holds {n_target} ads but {plan.source} holds {n_source}: "
                            f"the alias {plan.alias} still points at {plan.source}",
                            "re-run `anzuelo rescore` to copy again, or `anzuelo rescore --abort` and start over")
    target_mark = pit.max_seq_no(engine, plan.target)
    aliases.swap_alias(engine, plan.alias, plan.target)
    time.sleep(grace)  # writes that resolved the alias just before the swap land in the source
    late = reconcile(engine, plan.source, plan.target, since, target_mark,
                     keep_scores(engine, plan.target, plan.model_version, transform))
    pit.close_pit(engine, plan.pit_id)
    state.clear()
    return {"source_count": n_source, "target_count": count(engine, plan.target), "caught_up": caught,
            "reconciled": late, "swapped": True, "index": plan.target, "previous": plan.source}


def abort(idx: Any, state: RescoreState) -> str | None:
    """Drop the rescore in progress: close its PIT, delete its (never aliased) target. Returns the target."""
    plan = state.load_plan()
    if plan is None:
        return None
    pit.close_pit(idx.engine, plan.pit_id)
    if plan.target not in aliases.alias_targets(idx.engine, plan.alias):
        idx.engine.request("DELETE", f"/{plan.target}", ignore=(404,))
    state.clear()
    return plan.target

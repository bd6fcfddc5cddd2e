"""``anzuelo rescore``: re-score every indexed ad into a new index version, then swap the alias.

Search and labelling never stop: the live index is read through a point in
time, in slices (``--slices N`` runs N processes; ``--slice I/N`` runs one, on
any machine), into ``<prefix>-ads-v<N>-r<K+1>``; the alias moves in one atomic
call only when the counts match. Each slice checkpoints after every page, so
a killed rescore is resumed by running the same command again. Labels, first
and last seen, gone state and evidence are copied as they are; only the score
fields change. See docs/rescore.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.errors import EXIT_OK, EXIT_PARTIAL, InputError
from index import fields as F


@dataclass(frozen=True)
class RescoreOptions:
    """The RESCORE_* settings as the command reads them (entry point: environment applied)."""

    state_dir: Path
    keep_alive: str
    keep: int
    rounds: int
    grace: float


def rescore_options() -> RescoreOptions:
    """``RescoreOptions`` from ``anzuelo.settings`` and ``ANZUELO_RESCORE_*``."""
    return RescoreOptions(settings.home() / str(settings.get("RESCORE_STATE_DIR")),
                          str(settings.get("RESCORE_PIT_KEEP_ALIVE")), int(settings.get("RESCORE_KEEP")),
                          int(settings.get("RESCORE_CATCHUP_ROUNDS")), float(settings.get("RESCORE_GRACE")))


def _parse_slice(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        i, n = (int(p) for p in value.split("/"))
    except ValueError:
        raise InputError(f"--slice {value!r} is not I/N", "e.g. --slice 0/2 and --slice 1/2 on two machines") from None
    if not 0 <= i < n:
        raise InputError(f"--slice {value}: I must be in 0..{n - 1}", "slices are numbered from 0")
    return i, n


@click.command()
@click.option("--model", type=click.Path(path_type=Path, file_okay=False),
              help="Model folder [default: the promoted version (anzuelo models), else the built-in default].")
@click.option("--source", help="Only re-score ads of this source (the others are copied as they are).")
@click.option("--all", "everything", is_flag=True, help="Also ads already scored by this model version.")
@click.option("--batch-size", type=click.IntRange(1, 5000), default=None, help="Ads per page [default: SCORE_BATCH_SIZE].")
@click.option("--slices", type=click.IntRange(1, 64), default=None, help="Run N slice processes, then swap.")
@click.option("--slice", "one_slice", metavar="I/N", help="Run slice I of N only (no swap); finish with a plain run.")
@click.option("--keep", type=click.IntRange(0, 100), default=None, help="Old versions kept [default: RESCORE_KEEP].")
@click.option("--rollback", is_flag=True, help="Point the alias back at the previous index version.")
@click.option("--abort", is_flag=True, help="Drop the rescore in progress and its unfinished index.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def rescore(model: Path | None, source: str | None, everything: bool, batch_size: int | None, slices: int | None,
            one_slice: str | None, keep: int | None, rollback: bool, abort: bool, as_json: bool) -> int:
    """Re-score indexed ads into a new index version and swap the alias when the counts match."""
    from anzuelo.cli.crawl import check_engine
    from crawler.pipelines.engine import connect
    from crawler.rescore import make_transform
    from index import rescore as R
    from index import versions
    from index.rescore_plan import RescoreState

    opts, started, part = rescore_options(), time.monotonic(), _parse_slice(one_slice)
    url, prefix = settings.engine_url(), str(settings.get("INDEX_PREFIX"))
    check_engine(url, prefix)
    idx = connect(url, prefix)
    state = RescoreState(opts.state_dir, idx.ads_alias)
    if rollback and state.load_plan() is not None:
        raise InputError(f"a rescore of {idx.ads_alias} is in progress", "finish it (`anzuelo rescore`) or "
                         "`anzuelo rescore --abort` it before rolling back")
    if rollback or abort:
        out = versions.rollback(idx) if rollback else {"aborted": R.abort(idx, state)}
        return _report(out, as_json, started)
    from crawler.pipelines.score import load_scorer
    from nlp.scorer import resolve_model_dir

    # Resolved once (no --model: the promoted version, see `anzuelo models`) and passed to every worker
    # below, so a version promoted while this rescore runs cannot mix two models in one index version.
    model = resolve_model_dir(model or settings.get("SCORE_MODEL_DIR"))
    scorer = load_scorer(None, str(model))
    version = scorer.score_batch([{"id": "probe", "title": "", "text": "probe", "lang": None, "country": None}])[0].model_version
    scope = {"source": source, "all": everything}
    plan = state.load_plan()
    if plan is None and not everything:
        query = {"bool": {"filter": [{"term": {F.SOURCE: source}}] if source else [],
                          "must_not": [{"term": {F.MODEL_VERSION: version}}]}}
        if idx.count(query) == 0:
            return _report({"model_version": version, "candidates": 0, "swapped": False}, as_json, started)
    n = part[1] if part else slices or (plan.slices if plan else 1)
    plan = R.start(idx, state, slices=n, keep_alive=opts.keep_alive, model_version=version, scope=scope)
    transform = make_transform(scorer, version, source, everything)  # crawler.rescore: the crawl's scoring code
    page = batch_size or int(settings.get("SCORE_BATCH_SIZE"))
    total = R.count(idx.engine, plan.source)
    todo = [part[0]] if part else list(range(n))
    resumed = sum(state.checkpoint(i, n).read for i in todo)  # copied by earlier (killed) runs: not read again
    if slices and slices > 1 and not part:
        args = [*(["--model", str(model)] if model else []), *(["--source", source] if source else []),
                *(["--all"] if everything else []), "--batch-size", str(page)]
        _run_slices(state, plan, [i for i in todo if not state.checkpoint(i, n).done], total, args, as_json)
    from tqdm import tqdm

    with tqdm(total=total, unit="ad", desc="rescoring", disable=as_json) as bar:
        bar.update(sum(state.checkpoint(i, n).read for i in todo))
        for i in todo:
            R.copy_slice(idx, state, plan, i, transform, page, bar.update)
    cps = [state.checkpoint(part[0], n)] if part else state.checkpoints(n)
    counts = {k: sum(getattr(c, k) for c in cps) for k in ("read", "written", "rescored", "failed")}
    out: dict[str, Any] = {"model_version": version, "candidates": counts["rescored"] + counts["failed"], **counts,
                           "resumed": resumed}
    if part:
        return _report({**out, "slice": one_slice, "swapped": False}, as_json, started, counts["failed"])
    cps = state.checkpoints(n)
    if not all(c.done for c in cps):
        left = [c.slice_id for c in cps if not c.done]
        raise InputError(f"slices {left} of {plan.target} are not copied yet", "run them (--slice I/N), then again")
    out.update(R.finish(idx, state, plan, transform, page=page, rounds=opts.rounds, grace=opts.grace))
    out["deleted"] = versions.prune(idx.engine, idx.ads_alias, opts.keep if keep is None else keep)
    return _report(out, as_json, started, counts["failed"])


def _run_slices(state: Any, plan: Any, todo: list[int], total: int, args: list[str], as_json: bool) -> None:
    """Start one ``--slice i/N`` process per slice left and wait, drawing their checkpoints as progress."""
    from tqdm import tqdm

    logs = [state.dir / f"slice-{i}-of-{plan.slices}.log" for i in todo]  # a file: a full pipe would stall a child
    procs = [subprocess.Popen([sys.executable, "-m", "anzuelo", "rescore", *args, "--slice", f"{i}/{plan.slices}",
                               "--json"], stdout=subprocess.DEVNULL, stderr=log.open("w")) for i, log in zip(todo, logs)]
    with tqdm(total=total, unit="ad", desc=f"rescoring ({len(procs)} processes)", disable=as_json) as bar:
        while any(p.poll() is None for p in procs):
            time.sleep(0.5)
            bar.n = sum(c.read for c in state.checkpoints(plan.slices))
            bar.refresh()
    bad = [(i, p, log) for i, p, log in zip(todo, procs, logs) if p.returncode not in (EXIT_OK, EXIT_PARTIAL)]
    if bad:
        i, p, log = bad[0]
        raise InputError(f"slice {i}/{plan.slices} failed (exit {p.returncode}): {log.read_text()[-800:]}",
                         "fix the cause and run `anzuelo rescore` again: finished slices are kept", exit_code=1)


def _report(out: dict[str, Any], as_json: bool, started: float, failed: int = 0) -> int:
    out["took"] = round(time.monotonic() - started, 3)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
    elif "aborted" in out:
        click.echo(f"dropped the rescore into {out['aborted']}" if out["aborted"] else "no rescore in progress")
    elif "copied_back" in out:
        click.echo(f"alias back on {out['index']} (from {out['previous']}): {out['copied_back']} new ads copied "
                   f"back, labels merged on {out['labels_merged']}")
    elif not out.get("candidates") and not out.get("slice"):
        click.echo(f"model {out['model_version']}: every ad is already scored by it (use --all to redo them)")
    elif out.get("slice"):
        click.echo(f"slice {out['slice']}: {out['read']} ads read, {out['rescored']} re-scored, {out['failed']} failed;"
                   " run `anzuelo rescore` to finish once every slice is done")
    else:
        click.echo(f"model {out['model_version']}: {out['read']} ads read, {out['rescored']} re-scored, "
                   f"{out['failed']} failed, {out['caught_up'] + out['reconciled']} written meanwhile copied again; "
                   f"alias now on {out['index']} ({out['target_count']} ads; old: {out['previous']}) in {out['took']} s")
    return EXIT_PARTIAL if failed else EXIT_OK


commands = [rescore]

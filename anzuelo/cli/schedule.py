"""``anzuelo schedule`` (cron crawls of every source) and ``anzuelo runs`` (crawl history)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from anzuelo import settings
from anzuelo.errors import EXIT_OK, EXIT_PARTIAL, InputError


def _sources_path(sources_file: Path | None) -> Path:
    from anzuelo.cli.sources import sources_path

    return sources_path(sources_file)  # --sources, ANZUELO_SOURCES, ./sources.toml, then the home one


def _replay_spool() -> None:
    from anzuelo.cli.spool import replay_pending

    replay_pending(lambda line: click.echo(line, err=True), wait=False)  # a crawl replaying: next tick


@click.command()
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Sources file [default: $ANZUELO_SOURCES, ./sources.toml, $ANZUELO_HOME/sources.toml].")
@click.option("--once", is_flag=True, help="Run every due source now (never-run ones too), wait, and exit.")
@click.option("--json", "as_json", is_flag=True, help="With --once: print exit codes as JSON.")
def schedule(sources_file: Path | None, once: bool, as_json: bool) -> int:
    """Crawl every source on its cron `schedule`, each crawl in its own process.

    \b
    One crawl per source at a time; missed slots run once (coalesced); the
    slots already run are kept in $ANZUELO_HOME/crawl/schedule.json, so a
    restarted scheduler never runs a slot twice. Stop with Ctrl-C/SIGTERM:
    running crawls are stopped and resume at their next run.
    """
    from crawler.scheduler import Scheduled, Scheduler
    from crawler.sources import load_sources

    path = _sources_path(sources_file)
    loaded = load_sources(path, enabled_only=True)
    loaded = list(loaded.values()) if isinstance(loaded, dict) else list(loaded)
    scheduled = [Scheduled(s.name, s.schedule) for s in loaded if getattr(s, "schedule", None)]
    if not scheduled:
        raise InputError(f"no source in {path} has a `schedule`", 'add e.g. schedule = "0 */6 * * *" to a source')
    sched = Scheduler(path, settings.home() / str(settings.get("CRAWL_STATE_DIR")), scheduled,
                      echo=lambda line: click.echo(line, err=True), replay=_replay_spool, **_cluster())
    if not once:
        sched.run()
        return EXIT_OK
    codes = sched.run_once()
    if as_json:
        click.echo(json.dumps(codes))
    else:
        for name, code in sorted(codes.items()):
            click.echo(f"{name}: exit {code}")
    return EXIT_OK if all(c == 0 for c in codes.values()) else EXIT_PARTIAL


def _cluster() -> dict:
    """With ANZUELO_FRONTIER_URL: a slot lock shared by every scheduler, and runs for the workers
    when ANZUELO_CRAWL_DISTRIBUTED is true; without it: nothing (one scheduler, local crawls)."""
    url = str(settings.get("FRONTIER_URL") or "")
    if not url:
        if settings.get("CRAWL_DISTRIBUTED"):
            raise InputError("ANZUELO_CRAWL_DISTRIBUTED needs a shared frontier", "set ANZUELO_FRONTIER_URL=redis://...")
        return {}
    from crawler.distributed.lock import SlotLock

    lock = SlotLock.from_url(url, str(settings.get("FRONTIER_PREFIX")), float(settings.get("SCHEDULE_LOCK_TTL")))
    return {"slot_lock": lock, "distributed": bool(settings.get("CRAWL_DISTRIBUTED"))}


@click.command()
@click.option("--source", help="Only runs of this source.")
@click.option("--limit", type=int, default=20, show_default=True, help="Most runs shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
def runs(source: str | None, limit: int, as_json: bool) -> None:
    """List recent crawl runs, newest first: start, source, pages, new/changed/gone, finish reason."""
    from anzuelo.cli.crawl import check_engine
    from crawler.pipelines.engine import connect
    from crawler.runs import list_runs

    url, prefix = settings.engine_url(), str(settings.get("INDEX_PREFIX"))
    check_engine(url, prefix)
    client = connect(url, prefix)
    rows = list_runs(client, source, limit)
    client.close()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no crawl runs recorded yet: try `anzuelo demo` or `anzuelo crawl SOURCE`")
        return
    for line in runs_table(rows):
        click.echo(line)


def _drift_cell(drift: object) -> str:
    """The run record's drift check in a word: DRIFT (this source flagged), ok, ? (check failed), - (none)."""
    if not isinstance(drift, dict):
        return "-"
    if "error" in drift:
        return "?"
    return "DRIFT" if drift.get("this_source_flagged") else "ok"


def runs_table(rows: list[dict]) -> list[str]:
    """Text lines of ``anzuelo runs``: one run a line, with its drift verdict (``anzuelo drift`` explains)."""
    lines = [f"{'started':24} {'source':18} {'pages':>6} {'new':>5} {'chg':>5} {'gone':>5} {'fail':>5} {'drift':>5}  finish"]
    for r in rows:
        lines.append(f"{str(r.get('started', ''))[:24]:24} {str(r.get('source', ''))[:18]:18} {r.get('pages', 0):>6}"
                     f" {r.get('new', 0):>5} {r.get('changed', 0):>5} {r.get('gone', 0):>5} {r.get('failed', 0):>5}"
                     f" {_drift_cell(r.get('drift')):>5}  {r.get('finish_reason', '')}")
    return lines


commands = [schedule, runs]

"""``anzuelo spool status|replay``: documents kept while the search engine was down or overloaded.

Also the replay the other entry points run: ``anzuelo crawl`` before its first
page (so spooled versions land before newer ones) and ``anzuelo schedule`` at
every tick (``replay_pending``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.errors import EXIT_ENGINE, EXIT_OK, EXIT_PARTIAL, EngineError


def spool_dir() -> Path:
    """``ANZUELO_SPOOL_DIR``, else ``HOME/CRAWL_STATE_DIR/spool`` (where crawls spool by default)."""
    folder = str(settings.get("SPOOL_DIR") or "")
    return Path(folder).expanduser() if folder else settings.home() / str(settings.get("CRAWL_STATE_DIR")) / "spool"


def open_spool() -> Any:
    """The deployment's spool (``index.spool.Spool``)."""
    from index.spool import Spool

    return Spool(spool_dir(), int(settings.get("SPOOL_SEGMENT_BYTES")))


def replay_now(wait: bool = True, progress: Callable[[int], None] | None = None) -> Any:
    """Replay the spool into the configured engine; a ``ReplayResult``. EngineError when it does not answer."""
    from index import Index
    from index.replay import replay_index

    spool = open_spool()
    dead = settings.home() / str(settings.get("CRAWL_STATE_DIR")) / "dead-letter" / "spool.jsonl"
    idx = Index.connect(settings.engine_url(), str(settings.get("INDEX_PREFIX")),
                        timeout=float(settings.get("INDEX_TIMEOUT")), ads_version=int(settings.get("INDEX_ADS_VERSION")),
                        bulk_size=int(settings.get("INDEX_BULK_SIZE")),
                        max_retries=int(settings.get("INDEX_BULK_MAX_RETRIES")),
                        backoff=float(settings.get("INDEX_BULK_BACKOFF")))
    try:
        return replay_index(idx, spool, dead_letter=dead, wait=wait, progress=progress)
    finally:
        idx.close()


def replay_pending(echo: Callable[[str], Any], wait: bool = True) -> Any:
    """Replay when something is spooled, telling ``echo`` what happened; never raises (crawl, schedule)."""
    spool = open_spool()
    if not spool.pending():
        return None
    try:
        result = replay_now(wait=wait)
    except Exception as exc:  # noqa: BLE001 - the caller goes on; the spool keeps everything
        echo(f"spool: replay failed, {spool.status().records} documents stay spooled ({exc})")
        return None
    if result.busy:
        echo("spool: another replay is running")
    elif result.replayed or result.failed or result.torn:
        echo(f"spool: replayed {result.replayed} documents, {result.failed} refused (dead-lettered),"
             f" {result.torn} torn records skipped, {result.remaining} left"
             + (f" (stopped: {result.stopped})" if result.stopped else ""))
    return result


@click.group()
def spool() -> None:
    """Documents the search engine could not take (down, 429, 503), kept on disk until replayed.

    \b
    anzuelo spool status    how many documents wait, why, for which index
    anzuelo spool replay    send them now, in order (also done by every crawl and schedule tick)
    """


@spool.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(as_json: bool) -> int:
    """Documents waiting in the spool ($ANZUELO_SPOOL_DIR), by reason and target index."""
    st = open_spool().status()
    if as_json:
        click.echo(json.dumps(asdict(st), indent=2))
        return EXIT_OK
    click.echo(f"{st.records} documents spooled in {st.folder} ({st.bytes} bytes in {st.segments} segment files)")
    if st.records:
        click.echo("  reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(st.reasons.items())))
        click.echo("  indexes: " + ", ".join(f"{k} {v}" for k, v in sorted(st.indexes.items())))
        click.echo(f"  oldest: {st.oldest}   replay: `anzuelo spool replay`")
    if st.torn:
        click.echo(f"  {st.torn} torn records (a crash mid-write) will be skipped")
    return EXIT_OK


@spool.command()
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
def replay(as_json: bool) -> int:
    """Send the spooled documents to the engine, oldest first; exit 0 when drained, 3 when the engine
    is still down or overloaded (nothing is lost: run it again), 4 when some were refused for good."""
    if not open_spool().pending():  # drained: no engine needed to say so
        click.echo(json.dumps({"replayed": 0, "remaining": 0}) if as_json else "nothing spooled")
        return EXIT_OK
    total = open_spool().status().records
    try:
        if as_json or total < 1000:
            result = replay_now()
        else:
            with click.progressbar(length=total, label="replaying", file=click.get_text_stream("stderr")) as bar:
                result = replay_now(progress=bar.update)
    except EngineError as exc:
        if as_json:
            click.echo(json.dumps({"error": exc.message, "remaining": total}))
        raise EngineError(f"{exc.message}; all {total} spooled documents are kept",
                          "start the engine (`anzuelo engine start`) or fix ANZUELO_ENGINE_URL, then run "
                          "`anzuelo spool replay` again") from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        click.echo(f"replayed {result.replayed}, refused {result.failed} (dead-lettered), torn {result.torn},"
                   f" left {result.remaining}")
        if result.stopped:
            click.echo(f"stopped: the engine answered {result.stopped}; run `anzuelo spool replay` again later")
    if result.stopped:
        return EXIT_ENGINE
    return EXIT_PARTIAL if result.failed else EXIT_OK


commands = [spool]

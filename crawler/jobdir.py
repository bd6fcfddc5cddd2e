"""Per-source crawl state on disk: the Scrapy JOBDIR, the run marker and the lock file.

``<state>/jobs/<source>`` is the source's JOBDIR. ``anzuelo-run.json`` in it
keeps the start time of an interrupted run, so a resumed run counts what its
first attempt saw. ``<state>/locks/<source>.lock`` (flock) allows one crawl
per source at a time, whoever starts it (CLI, scheduler).

A source name only reaches the disk through ``anzuelo.names.path_name`` (never
``.``, ``..`` or a separator), and every write and delete here is checked with
``anzuelo.names.inside`` first: a finished crawl removes its own job folder and
nothing else, even if the folder was replaced by a symbolic link.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from anzuelo import settings as defaults
from anzuelo.names import inside, path_name
from crawler.pipelines.common import now_iso

RUN_MARKER = "anzuelo-run.json"


def job_dir(state_dir: Path, source: str) -> Path:
    """The Scrapy JOBDIR of ``source``."""
    return Path(state_dir) / defaults.CRAWL_JOBS_DIR / path_name(source)


def begin_job(folder: Path) -> tuple[str, bool]:
    """(run start time, resumed?) of the crawl about to use ``folder``."""
    inside(folder.parent, folder)  # the jobs folder itself (or a link out of it) is never a job folder
    marker = folder / RUN_MARKER
    if marker.is_file():
        try:
            return json.loads(marker.read_text())["started"], True
        except (ValueError, KeyError):
            pass
    folder.mkdir(parents=True, exist_ok=True)
    started = now_iso()
    marker.write_text(json.dumps({"started": started}))
    return started, False


def lock_source(state_dir: Path, source: str) -> Any:
    """Hold ``<state>/locks/<source>.lock`` (released when the process ends); one crawl per source."""
    import fcntl
    import os

    from anzuelo.errors import AnzueloError

    folder = Path(state_dir) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(inside(folder, folder / f"{path_name(source)}.lock"), "a+")  # noqa: SIM115 - held open on purpose
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise AnzueloError(f"a crawl of source {source!r} is already running (pid {holder})",
                           "wait for it to finish, or stop it (it resumes on the next run)") from None
    fh.seek(0)
    fh.truncate()
    fh.write(str(os.getpid()))
    fh.flush()
    return fh


def end_job(folder: Path, finish_reason: str) -> None:
    """Keep the job folder for a resume after a shutdown; clear it otherwise."""
    if finish_reason != "shutdown" and folder.exists():
        inside(folder.parent, folder)  # never the jobs folder, never through a link out of it
        shutil.rmtree(folder, ignore_errors=True)

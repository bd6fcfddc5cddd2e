"""Cron scheduling of sources: each crawl a subprocess, one at a time per source, restart-safe.

``Scheduler(sources_file, state_dir).run()`` loops: for every source with a
``schedule`` (cron expression), when a cron slot has passed that was not run
yet, it starts ``anzuelo crawl SOURCE --sources FILE`` (a fresh
process, so the Twisted reactor starts cleanly each time). Rules:

* each crawl's output is appended to ``<state>/logs/<source>.log``;
* one crawl per source at a time: a slot arriving while the previous crawl
  still runs is skipped (max_instances=1); ``crawler.run`` also holds a lock
  file per source, so a manual crawl and a scheduled one never overlap;
* missed slots coalesce: after downtime a source runs once, not once per slot;
* the slot is written to ``<state>/schedule.json`` *before* the crawl starts,
  so a restarted scheduler never runs a slot twice; a source never run before
  waits for its next slot (``--once`` runs it at once);
* every tick first calls ``replay`` (when given): documents spooled while the
  engine was down are replayed as soon as it is back, even with no crawl due;
* several schedulers on one Redis (``ANZUELO_FRONTIER_URL``): a lock per source and cron
  slot (``crawler.distributed.lock``) makes each slot fire once in the cluster; a slot
  whose scheduler died before firing it is taken over once its lock expires.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from collections.abc import Callable
from pathlib import Path
from typing import Any

from croniter import croniter

logger = logging.getLogger(__name__)


def anzuelo_command() -> list[str]:
    """Command line running the ``anzuelo`` CLI with this interpreter."""
    return [sys.executable, "-m", "anzuelo"]


def latest_slot(cron: str, now: datetime) -> datetime:
    """The latest cron slot at or before ``now`` (UTC)."""
    # get_prev is strictly before its base: nudge the base so a slot equal to now counts.
    return croniter(cron, now + timedelta(seconds=1)).get_prev(datetime)


def next_slot(cron: str, now: datetime) -> datetime:
    """The first cron slot strictly after ``now``."""
    return croniter(cron, now).get_next(datetime)


def due(cron: str, last_slot: str | None, now: datetime, first_run: bool) -> datetime | None:
    """The slot to run now, or None. Missed slots coalesce into the latest one."""
    slot = latest_slot(cron, now)
    if last_slot is None:
        return slot if first_run else None
    return slot if slot > datetime.fromisoformat(last_slot) else None


@dataclass
class Scheduled:
    """A source with a cron schedule."""

    name: str
    cron: str


class Scheduler:
    """Runs scheduled sources as ``anzuelo crawl`` subprocesses."""

    def __init__(self, sources_file: Path, state_dir: Path, sources: list[Scheduled],
                 env: dict[str, str] | None = None, echo: Any = print,
                 replay: Callable[[], Any] | None = None, slot_lock: Any = None, distributed: bool = False) -> None:
        self.sources_file = Path(sources_file)
        self.state_dir = Path(state_dir)
        self.state_file = self.state_dir / "schedule.json"
        self.sources = sources
        self.env = env
        self.echo = echo
        self.replay = replay
        # Several schedulers (machines) on one Redis: a crawl.distributed.lock.SlotLock makes each
        # slot fire once; ``distributed`` fires ``crawl --distributed`` (a run for the workers).
        self.slot_lock = slot_lock
        self.distributed = distributed
        self.running: dict[str, subprocess.Popen] = {}
        self._stop = False

    # -- state -------------------------------------------------------------------
    def load_state(self) -> dict[str, dict[str, Any]]:
        """Per-source ``{last_slot, started, pid, exit_code}``."""
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_state(self, state: dict[str, dict[str, Any]]) -> None:
        """Write atomically (a crash mid-write must not lose every source's slot)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
        tmp.replace(self.state_file)

    # -- one pass ----------------------------------------------------------------
    def tick(self, now: datetime | None = None, first_run: bool = False) -> list[str]:
        """Start every due source not already running; the names started."""
        now = now or datetime.now(timezone.utc)
        self.reap()
        if self.replay is not None:
            try:  # before new crawls start: spooled versions are older than what they will write
                self.replay()
            except Exception:  # noqa: BLE001 - the spool keeps everything; crawls must still run
                logger.warning("spool replay failed", exc_info=True)
        state, started = self.load_state(), []
        for src in self.sources:
            entry = state.setdefault(src.name, {})
            if entry.get("last_slot") is None and not first_run:
                # First sight of this source: the current slot counts as passed, the next one runs.
                entry["last_slot"] = latest_slot(src.cron, now).isoformat()
                continue
            slot = due(src.cron, entry.get("last_slot"), now, first_run)
            if slot is None:
                continue
            if src.name in self.running:
                self.echo(f"{src.name}: slot {slot.isoformat()} skipped, previous crawl still running")
                entry["last_slot"] = slot.isoformat()
                continue
            if self.slot_lock is not None and (claim := self.slot_lock.acquire(src.name, slot.isoformat())) != "mine":
                if claim == "done":  # fired by another scheduler; "taken": look again next tick (takeover)
                    entry["last_slot"] = slot.isoformat()
                continue
            entry.update(last_slot=slot.isoformat(), started=now.isoformat(), exit_code=None)
            self.save_state(state)  # before starting: a restart now must not run this slot again
            self.running[src.name] = self.spawn(src.name)
            entry["pid"] = self.running[src.name].pid
            if self.slot_lock is not None:
                self.slot_lock.done(src.name, slot.isoformat())
            started.append(src.name)
            self.echo(f"{src.name}: crawl started for slot {slot.isoformat()} (pid {entry['pid']})")
        self.save_state(state)
        return started

    def spawn(self, name: str) -> subprocess.Popen:
        """Start ``anzuelo crawl NAME`` as a child process."""
        cmd = [*anzuelo_command(), "crawl", name, "--sources", str(self.sources_file)]
        if self.distributed:
            cmd.append("--distributed")
        logs = self.state_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        # Each crawl's output (progress, summary) goes to its source's log, appended.
        with open(logs / f"{name}.log", "ab") as log:
            return subprocess.Popen(cmd, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    def reap(self) -> dict[str, int]:
        """Collect finished crawls; their exit codes."""
        done = {n: p.returncode for n, p in self.running.items() if p.poll() is not None}
        if done:
            state = self.load_state()
            for name, code in done.items():
                del self.running[name]
                state.setdefault(name, {}).update(exit_code=code, ended=datetime.now(timezone.utc).isoformat())
                self.echo(f"{name}: crawl ended with exit code {code}")
            self.save_state(state)
        return done

    def wait_all(self) -> dict[str, int]:
        """Wait for every running crawl; their exit codes."""
        codes: dict[str, int] = {}
        while self.running:
            codes.update(self.reap())
            time.sleep(0.5)
        return codes

    # -- loops -------------------------------------------------------------------
    def run_once(self) -> dict[str, int]:
        """Run every due source (never-run ones included) and wait for them."""
        self.tick(first_run=True)
        return self.wait_all()

    def run(self, poll: float = 15.0) -> None:
        """Loop until SIGTERM/SIGINT; children get SIGTERM (their JOBDIR lets them resume)."""
        def stop(signum: int, _frame: Any) -> None:
            self._stop = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for src in self.sources:
            self.echo(f"{src.name}: '{src.cron}', next at {next_slot(src.cron, datetime.now(timezone.utc)).isoformat()}")
        while not self._stop:
            self.tick()
            time.sleep(min(poll, self.seconds_to_next()))
        for proc in self.running.values():
            proc.send_signal(signal.SIGTERM)
        self.wait_all()

    def seconds_to_next(self) -> float:
        """Seconds until the nearest next slot of any source (at least 1)."""
        now = datetime.now(timezone.utc)
        nxt = min((next_slot(s.cron, now) for s in self.sources), default=None)
        return max(1.0, (nxt - now).total_seconds()) if nxt else 60.0

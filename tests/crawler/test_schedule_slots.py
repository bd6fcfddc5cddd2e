"""Scheduler: cron slots coalesce, a restart never re-runs a slot, one crawl per source at a time."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from anzuelo.errors import AnzueloError
from crawler.run import lock_source
from crawler.scheduler import Scheduled, Scheduler, due, latest_slot


class SleepScheduler(Scheduler):
    """Spawns a real short-lived process instead of a crawl."""

    seconds = 0.0
    spawned: list[str]

    def spawn(self, name: str) -> subprocess.Popen:
        self.spawned = [*getattr(self, "spawned", []), name]
        return subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({self.seconds})"])


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 1, hour, minute, tzinfo=timezone.utc)


@pytest.mark.parametrize(("cron", "now", "slot"), [
    ("0 * * * *", at(12, 0), at(12, 0)),       # exactly on a slot
    ("0 * * * *", at(12, 59), at(12, 0)),
    ("*/15 * * * *", at(12, 44), at(12, 30)),
])
def test_schedule_latest_slot(cron, now, slot):
    assert latest_slot(cron, now) == slot


def test_schedule_missed_slots_coalesce_into_one_run():
    assert due("0 * * * *", at(8).isoformat(), at(12, 5), first_run=False) == at(12)
    assert due("0 * * * *", at(12).isoformat(), at(12, 5), first_run=False) is None
    assert due("0 * * * *", None, at(12, 5), first_run=False) is None  # never run: wait for the next slot
    assert due("0 * * * *", None, at(12, 5), first_run=True) == at(12)


def test_schedule_restart_does_not_rerun_a_slot(tmp_path):
    sources = [Scheduled("a", "0 * * * *"), Scheduled("b", "30 * * * *")]
    first = SleepScheduler(tmp_path / "s.toml", tmp_path, sources, echo=lambda _: None)
    assert first.tick(at(12, 40), first_run=True) == ["a", "b"]
    first.wait_all()
    restarted = SleepScheduler(tmp_path / "s.toml", tmp_path, sources, echo=lambda _: None)
    assert restarted.tick(at(12, 45)) == []  # same slots: already run before the restart
    assert restarted.tick(at(13, 1)) == ["a"]
    restarted.wait_all()
    state = restarted.load_state()
    assert state["a"]["last_slot"] == at(13).isoformat() and state["a"]["exit_code"] == 0


def test_schedule_new_source_waits_for_its_next_slot(tmp_path):
    sched = SleepScheduler(tmp_path / "s.toml", tmp_path, [Scheduled("a", "0 * * * *")], echo=lambda _: None)
    assert sched.tick(at(12, 5)) == []
    assert sched.tick(at(12, 50)) == []
    assert sched.tick(at(13, 0)) == ["a"]
    sched.wait_all()


def test_schedule_skips_a_slot_while_the_source_still_runs(tmp_path):
    sched = SleepScheduler(tmp_path / "s.toml", tmp_path, [Scheduled("a", "* * * * *")], echo=lambda _: None)
    sched.seconds = 3
    assert sched.tick(at(12, 0), first_run=True) == ["a"]
    assert sched.tick(at(12, 1)) == []  # max one instance: slot 12:01 skipped
    assert sched.load_state()["a"]["last_slot"] == at(12, 1).isoformat()
    sched.wait_all()
    assert sched.tick(at(12, 2)) == ["a"]
    sched.wait_all()


def test_schedule_lock_file_allows_one_crawl_per_source(tmp_path):
    held = lock_source(tmp_path, "demo-jobs")
    with pytest.raises(AnzueloError, match="already running"):
        lock_source(tmp_path, "demo-jobs")
    other = lock_source(tmp_path, "demo-classifieds")
    held.close()
    lock_source(tmp_path, "demo-jobs").close()
    other.close()

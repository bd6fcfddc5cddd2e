"""The rescore plan on disk (index.rescore_plan): one plan wins a start race, checkpoints round-trip."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from index.rescore_plan import Checkpoint, Plan, RescoreState


def _start(i: int, root: str, out) -> None:
    out.put(RescoreState(Path(root), "t-ads").create_plan(Plan("t-ads", "s", "t", f"pit-{i}", "1m", 0, 2, "m")).pit_id)


def test_rescore_plan_processes_starting_together_share_one_whole_plan(tmp_path):
    ctx = mp.get_context("spawn")
    for attempt in range(3):
        out = ctx.Queue()
        procs = [ctx.Process(target=_start, args=(i, str(tmp_path / str(attempt)), out)) for i in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert len({out.get(timeout=10) for _ in procs}) == 1
        assert sorted(p.name for p in (tmp_path / str(attempt) / "t-ads").iterdir()) == ["plan.json"]


def test_rescore_plan_checkpoint_round_trip_and_clear(tmp_path):
    state = RescoreState(tmp_path, "t-ads")
    state.create_plan(Plan("t-ads", "s", "t", "pit", "1m", 5, 2, "m"))
    assert state.checkpoint(1, 2) == Checkpoint(1, 2)
    state.save(Checkpoint(1, 2, after=["abc"], read=7, written=7, rescored=6, failed=1))
    assert state.checkpoints(2)[1].after == ["abc"] and state.checkpoints(2)[1].read == 7
    state.clear()
    assert state.load_plan() is None and not (tmp_path / "t-ads").exists()

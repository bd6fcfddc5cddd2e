"""What a rescore is doing, on disk: its plan and one checkpoint per slice.

A rescore copies the live ads index into a new index version, slice by slice,
and may be spread over several processes or killed and re-run. Everything they
must agree on lives in ``<state>/<alias>/``:

* ``plan.json``: source and target index, the point in time, the sequence
  number the copy started from, the number of slices, the model version. The
  first process creates it (exclusively: ``link``), the others join it.
* ``slice-<i>-of-<n>.json``: the sort values of the last page written, counts,
  and ``done``. Written after each page (atomically: temp file + rename), so a
  killed process loses at most the page it was writing, and that page is
  written again on the re-run (the copy is an idempotent upsert).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from anzuelo.errors import InputError


@dataclass
class Plan:
    """One rescore of ``alias`` from ``source`` into ``target``."""

    alias: str
    source: str
    target: str
    pit_id: str
    keep_alive: str
    mark: int  # highest _seq_no of source when the PIT was opened: later writes are caught up
    slices: int
    model_version: str
    scope: dict[str, Any] = field(default_factory=dict)  # --source / --all: what is re-scored
    created_at: str = ""


@dataclass
class Checkpoint:
    """Progress of one slice: ``after`` = sort values of the last page written."""

    slice_id: int
    slices: int
    after: list[Any] | None = None
    read: int = 0
    written: int = 0
    rescored: int = 0
    failed: int = 0
    done: bool = False


def _write(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a reader (or a kill) never sees half a checkpoint


class RescoreState:
    """The state folder of one alias's rescore."""

    def __init__(self, root: Path, alias: str) -> None:
        self.dir = Path(root) / alias
        self.plan_path = self.dir / "plan.json"

    def load_plan(self) -> Plan | None:
        """The plan in progress, or None."""
        if not self.plan_path.is_file():
            return None
        try:
            return Plan(**json.loads(self.plan_path.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise InputError(f"the rescore plan {self.plan_path} is unreadable ({exc})",
                             "run `anzuelo rescore --abort` to drop it and start again") from None

    def create_plan(self, plan: Plan) -> Plan:
        """Store ``plan`` unless another process stored one first; returns the plan in force."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f"plan.json.tmp{os.getpid()}"
        tmp.write_text(json.dumps(asdict(plan), ensure_ascii=False), encoding="utf-8")
        try:
            # link() fails when the name exists and never exposes a half-written file, so
            # of several processes starting together exactly one plan wins, whole.
            os.link(tmp, self.plan_path)
        except FileExistsError:
            found = self.load_plan()
            assert found is not None
            return found
        finally:
            tmp.unlink(missing_ok=True)
        return plan

    def save_plan(self, plan: Plan) -> None:
        """Rewrite the plan (a fresh PIT replaced an expired one)."""
        _write(self.plan_path, asdict(plan))

    def _slice_path(self, slice_id: int, slices: int) -> Path:
        return self.dir / f"slice-{slice_id}-of-{slices}.json"

    def checkpoint(self, slice_id: int, slices: int) -> Checkpoint:
        """Progress of one slice (a fresh one when it never started)."""
        path = self._slice_path(slice_id, slices)
        if path.is_file():
            return Checkpoint(**json.loads(path.read_text(encoding="utf-8")))
        return Checkpoint(slice_id, slices)

    def save(self, cp: Checkpoint) -> None:
        """Store a slice's progress."""
        _write(self._slice_path(cp.slice_id, cp.slices), asdict(cp))

    def checkpoints(self, slices: int) -> list[Checkpoint]:
        """Progress of every slice of the plan."""
        return [self.checkpoint(i, slices) for i in range(slices)]

    def clear(self) -> None:
        """Remove the plan and checkpoints (the rescore finished or was aborted)."""
        if self.dir.is_dir():
            for path in self.dir.iterdir():
                path.unlink(missing_ok=True)
            self.dir.rmdir()

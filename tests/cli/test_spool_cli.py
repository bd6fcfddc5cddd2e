"""``anzuelo spool status|replay`` without an engine: drained is 0, a dead engine is 3 and keeps everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from anzuelo.engine.net import free_port
from index.spool import Record, Spool

ROOT = Path(__file__).resolve().parents[2]


def _anzuelo(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANZUELO_")}
    env.update(ANZUELO_HOME=str(home), ANZUELO_ENGINE_URL=f"http://127.0.0.1:{free_port()}")  # nothing listens
    return subprocess.run([sys.executable, "-m", "anzuelo", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_spool_cli_empty_is_drained_and_dead_engine_exits_3_keeping_every_record(tmp_path):
    empty = _anzuelo(["spool", "replay", "--json"], tmp_path)
    assert empty.returncode == 0 and json.loads(empty.stdout)["remaining"] == 0

    Spool(tmp_path / "crawl" / "spool").append(
        [Record("upsert", "anzuelo-ads", f"ad{i}", {"id": f"ad{i}"}, "429" if i % 2 else "unreachable") for i in range(5)])
    status = json.loads(_anzuelo(["spool", "status", "--json"], tmp_path).stdout)
    assert (status["records"], status["reasons"], status["torn"]) == (5, {"unreachable": 3, "429": 2}, 0)

    down = _anzuelo(["spool", "replay"], tmp_path)
    assert down.returncode == 3 and "all 5 spooled documents are kept" in down.stderr and "Traceback" not in down.stderr
    assert json.loads(_anzuelo(["spool", "status", "--json"], tmp_path).stdout)["records"] == 5

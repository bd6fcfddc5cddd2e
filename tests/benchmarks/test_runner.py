"""``python -m benchmarks``: names, the recorded block in BENCHMARKS.md, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import benchmarks.__main__ as runner
from benchmarks.registry import BENCHES

ROOT = Path(__file__).resolve().parents[2]


def test_every_listed_script_exists_and_has_help():
    assert {"crawl", "score", "search", "pagetype"} <= {b.name for b in BENCHES}
    for b in BENCHES:
        assert (ROOT / "benchmarks" / b.script).is_file(), b.script


def test_unknown_name_is_exit_2(capsys):
    assert runner.main(["no-such-bench", "--no-write"]) == 2
    assert "known:" in capsys.readouterr().err


def test_run_is_recorded_between_markers_and_hand_written_sections_kept(tmp_path, monkeypatch):
    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\nintro\n\n## Crawl speed\nhand-written history\n", encoding="utf-8")
    monkeypatch.setattr(runner, "DOC", doc)
    first = [{"name": "pagetype", "cmd": "benchmarks/page_type.py", "rc": 0, "wall_s": 3.2, "out": "ad recall 34/34"}]
    runner.write_doc(runner.render(first, quick=False))
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n") and "hand-written history" in text
    assert "ad recall 34/34" in text and "cores" in text and "| pagetype |" in text
    second = [{"name": "score", "cmd": "benchmarks/score_speed.py", "rc": 1, "wall_s": 1, "out": "boom"}]
    runner.write_doc(runner.render(second, quick=True))
    text = doc.read_text(encoding="utf-8")
    assert text.count(runner.START) == 1 and "ad recall 34/34" not in text  # replaced, not appended
    assert "failed (exit 1)" in text and "(--quick)" in text and "hand-written history" in text


def test_pagetype_runs_for_real_through_the_runner(tmp_path):
    out = subprocess.run([sys.executable, "-m", "benchmarks", "pagetype", "--no-write"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "ad recall" in out.stdout and "-> ok" in out.stdout


def test_record_section_replaces_its_own_section_only(tmp_path):
    from benchmarks.registry import record_section

    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\n## Crawl speed (benchmarks/crawl_speed.py)\n\nold\n\n## Other\nkept\n", encoding="utf-8")
    record_section("Crawl speed (benchmarks/crawl_speed.py)", "new figures", doc)
    text = doc.read_text(encoding="utf-8")
    assert "new figures" in text and "old" not in text and "## Other\nkept" in text
    record_section("Scale-out (benchmarks/scaleout.py)", "workers", doc)
    assert doc.read_text(encoding="utf-8").rstrip().endswith("## Scale-out (benchmarks/scaleout.py)\n\nworkers")

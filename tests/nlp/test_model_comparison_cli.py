"""benchmarks/model_comparison.py: --help lists the real-text settings; no ../shared means a clear skip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "model_comparison.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_model_comparison_cli_help_lists_real_settings():
    res = _run("--help")
    assert res.returncode == 0, res.stderr
    for setting in ("real loso", "ours->real", "--only {cv,emscad,real}", "--shared", "stand-in"):
        assert setting in res.stdout


def test_model_comparison_cli_without_shared_skips_with_message(tmp_path):
    # An empty folder stands for a checkout without ../shared: nothing is read, nothing is written.
    res = _run("--only", "real", "--only", "emscad", "--shared", str(tmp_path), "--out", str(tmp_path / "out"))
    assert res.returncode == 1
    assert "skipped the real-corpus settings" in res.stderr and "skipped the EMSCAD settings" in res.stderr
    assert str(tmp_path / "data" / "real") in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()

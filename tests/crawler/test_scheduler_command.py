"""The scheduler starts crawls as ``python -m anzuelo``: that entry point must work."""

from __future__ import annotations

import subprocess
import sys

from crawler.scheduler import anzuelo_command


def test_anzuelo_command_is_python_dash_m_and_runs_the_cli():
    assert anzuelo_command() == [sys.executable, "-m", "anzuelo"]
    proc = subprocess.run([*anzuelo_command(), "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "anzuelo, version" in proc.stdout

"""Helpers for the pipeline tests: run the harness in a subprocess and read its stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_pipelines(tmp_path: Path, items: list[dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    """Run ``items`` through the pipelines configured by ``settings``; the crawl's stats."""
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = {**os.environ, "ANZUELO_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.crawler.pipeline_harness", str(tmp_path / "items.json"), str(tmp_path / "settings.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("STATS ")]
    assert proc.returncode == 0 and lines, f"harness failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-4000:]}"
    return json.loads(lines[-1][6:])


def ad(n: int, text: str = "Se busca cajero con experiencia.", **extra: Any) -> dict[str, Any]:
    """A minimal valid ad dict number ``n``."""
    return {"url": f"http://jobs.test/ad/{n}", "canonical_url": f"http://jobs.test/ad/{n}", "source": "unit",
            "spider": "jobposting", "title": f"Empleo {n}", "text": text, "lang": "es", "country": "CO", **extra}

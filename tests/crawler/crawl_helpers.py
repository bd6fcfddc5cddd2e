"""Helpers of the end-to-end crawl tests: a sources file for served sites, `anzuelo crawl` runs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from crawler.scheduler import anzuelo_command
from demo import SITES_DIR

ROOT = Path(__file__).resolve().parents[2]


def sources_file(tmp_path: Path, urls: dict[str, str], delay: float = 0, concurrency: int = 8) -> Path:
    """demo/sources.toml with its placeholders filled for ``urls`` (and politeness overridden)."""
    text = (SITES_DIR.parent / "sources.toml").read_text(encoding="utf-8")
    for name, url in urls.items():
        text = text.replace("{" + name + "}", url)
    text = text.replace("delay = 0\n", f"delay = {delay}\n").replace("concurrency = 8\n", f"concurrency = {concurrency}\n")
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def crawl_env(home: Path, engine_url: str, prefix: str) -> dict[str, str]:
    """Environment of an `anzuelo` subprocess on the test engine and its own home."""
    return {**os.environ, "ANZUELO_HOME": str(home), "ANZUELO_ENGINE_URL": engine_url,
            "ANZUELO_INDEX_PREFIX": prefix, "HF_HUB_OFFLINE": "1"}


def anzuelo(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the CLI in a subprocess (a fresh Twisted reactor per crawl)."""
    return subprocess.run([*anzuelo_command(), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def crawl_json(source: str, sources: Path, env: dict[str, str]) -> dict[str, Any]:
    """`anzuelo crawl SOURCE --json`; its summary (asserts exit 0)."""
    proc = anzuelo(["crawl", source, "--sources", str(sources), "--json"], env)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr[-5000:]}"
    return json.loads(proc.stdout)[0]


def manifest_urls(manifest: list[dict], urls: dict[str, str]) -> dict[str, dict]:
    """Canonical URL -> manifest entry of every demo ad."""
    return {urls[e["site"]] + e["path"]: e for e in manifest}

"""The benchmarks ``python -m benchmarks`` knows: name, script, arguments, and the machine they ran on.

A benchmark is listed here once, with its full-size arguments (the figures
quoted in BENCHMARKS.md) and its ``--quick`` arguments (a smoke run of a few
minutes). Scripts that are not in the tree (a checkout from before they were
added) are left out of the list rather than failing the run.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_REAL = ROOT.parent / "shared" / "data" / "real"


@dataclass(frozen=True)
class Bench:
    """One benchmark script and how to run it at full size and quickly."""

    name: str
    script: str
    args: tuple[str, ...] = ()
    quick_args: tuple[str, ...] = ()
    about: str = ""
    needs: tuple[Path, ...] = field(default=())

    def command(self, quick: bool = False) -> list[str]:
        """argv for a child process (this interpreter, the script, its arguments)."""
        return [sys.executable, f"benchmarks/{self.script}", *(self.quick_args if quick else self.args)]

    @property
    def available(self) -> bool:
        return (ROOT / "benchmarks" / self.script).is_file()


_ALL = (
    Bench("crawl", "crawl_speed.py", ("--copies", "50", "--repeat", "2"), ("--copies", "5", "--repeat", "1"),
          "crawl pages/s, full stack vs bare Scrapy on a local board (target ratio >= 0.9)"),
    Bench("score", "score_speed.py", ("--n", "192", "--threads", "2", "--repeat", "2"),
          ("--n", "64", "--threads", "2", "--repeat", "1"),
          "score_batch ads/s with the default model vs the recipes it replaced and the bare forward"),
    Bench("search", "search_latency.py", ("--sizes", "100000,1000000"), ("--docs", "5000", "--requests", "100"),
          "workbench search p50/p95 vs the engine's took on one index grown from 100k to 1M generated ads"),
    Bench("bulk", "bulk_speed.py", ("--docs", "20000", "--repeat", "3"),
          ("--docs", "3000", "--chunks", "500", "--repeat", "1"),
          "indexing docs/s: anzuelo's bulk writer vs bare helpers.bulk, chunk sizes swept (target ratio >= 0.9)"),
    Bench("pagetype", "page_type.py", (), (), "listing vs ad decisions on 73 real-markup pages"),
    Bench("indicators", "indicator_rates.py", (), (),
          "indicator fire rates on real legitimate postings (reads ../shared/data/real)", (SHARED_REAL,)),
    Bench("models", "model_comparison.py", ("--only", "real", "--use"), ("--quick",),
          "model quality: real-text leave-one-source-out and labelled CV (reads ../shared)", (SHARED_REAL,)),
    Bench("cascade", "cascade.py", ("--recipe", "static"), ("--recipe", "static"),
          "what the cascade costs: full head vs gate + band, labelled CV and real LOSO, share embedded (reads ../shared)",
          (SHARED_REAL,)),
    Bench("static", "static_embeddings.py", ("--n", "256", "--repeat", "2", "--threads", "2"),
          ("--n", "64", "--repeat", "1", "--threads", "2"),
          "static (model2vec) MiniLM vs ONNX int8 vs torch: encode ads/s (--quality adds PR-AUC)"),
    Bench("growth", "growth.py", ("--sizes", "1000,10000,100000"), ("--sizes", "300"),
          "crawl to searchable on generated boards: ads/min, stage times, peak RSS curve (politeness off)"),
    Bench("emscad", "emscad.py", (), (), "tuning to a new domain: EMSCAD held-out split (reads ../shared)"),
    Bench("load", "load.py", (), ("--seconds", "20"), "20 workbench users while a crawl indexes: errors, p95"),
    Bench("scaleout", "scaleout.py", (), (), "crawl pages/s with 1, 2, 3 workers on a Redis frontier"),
)

BENCHES: tuple[Bench, ...] = tuple(b for b in _ALL if b.available)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _mem_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "?"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def machine_lines() -> list[str]:
    """Markdown lines naming the machine, the load when the run started, the versions and the commit."""
    try:
        from anzuelo.engine.jars import LOG4J_VERSIONS

        engine = "OpenSearch " + ", ".join(LOG4J_VERSIONS)
    except Exception:  # an old checkout: the engine module is not what it was
        engine = "OpenSearch ?"
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    pkgs = ", ".join(f"{d} {_version(d)}" for d in
                     ("torch", "onnxruntime", "scikit-learn", "spacy", "scrapy", "opensearch-py", "redis"))
    return [
        f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; commit {_commit()}",
        f"- machine: {os.cpu_count()} cores, {_mem_gib()}, {platform.platform()}; load average at start {load}",
        f"- Python {platform.python_version()}; {engine}; {pkgs}",
        "- compare ratios within one run, not absolute numbers across runs: the machine may be shared",
    ]


def record_section(heading: str, text: str, doc: Path | None = None) -> None:
    """Replace the ``## heading`` section of BENCHMARKS.md with ``text`` (append it when absent)."""
    path = doc or ROOT / "BENCHMARKS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"## {heading}\n\n{text}\n"
    pattern = re.compile(r"## " + re.escape(heading) + r"\n.*?(?=\n## |\Z)", re.S)
    new = pattern.sub(lambda _: section.rstrip("\n"), old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + section
    path.write_text(new if new.endswith("\n") else new + "\n", encoding="utf-8")

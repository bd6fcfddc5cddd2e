"""Importing anzuelo's crawl code must not install a Twisted reactor.

``from twisted.internet import reactor`` at module level installs Twisted's
default reactor in whatever process imports the module; a CrawlerProcess started
there later refuses to run (Scrapy wants the asyncio reactor). This broke every
forked test crawl once ``crawler.pipelines.batching`` had been imported by another
test module, so it is checked here in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import importlib, pkgutil, sys
import crawler, anzuelo.cli
names = [m.name for m in pkgutil.walk_packages(crawler.__path__, "crawler.")]
names += [m.name for m in pkgutil.walk_packages(anzuelo.cli.__path__, "anzuelo.cli.")]
for name in names:
    importlib.import_module(name)
    if "twisted.internet.reactor" in sys.modules:
        print("INSTALLED-BY", name)
        break
print("IMPORTED", len(names))
"""


def test_importing_crawler_and_cli_installs_no_reactor():
    proc = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "INSTALLED-BY" not in proc.stdout, proc.stdout
    assert "IMPORTED" in proc.stdout and int(proc.stdout.split("IMPORTED")[1]) > 20

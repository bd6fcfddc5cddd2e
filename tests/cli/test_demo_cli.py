"""`anzuelo demo --json` end to end: engine, demo sites, crawl, score, index; re-run adds nothing."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from demo import SITES_DIR
from tests.crawler.crawl_helpers import anzuelo, crawl_env

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_pair() -> int:
    """A port p with p and p+1 free on 127.0.0.1 (the two demo sites)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no pair of free ports")


def test_demo_cli_indexes_every_ad_once_and_ranks_deceptive_first(tmp_path, engine, engine_url):
    manifest = json.loads((SITES_DIR / "manifest.json").read_text(encoding="utf-8"))
    env = {**crawl_env(tmp_path / "home", engine_url, engine.prefix), "ANZUELO_DEMO_PORT": str(_free_pair())}

    proc = anzuelo(["demo", "--json"], env)
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    result = json.loads(proc.stdout)
    assert result["ads_in_index"] == len(manifest) == engine.count()
    assert result["ads_found"] == result["ads_indexed"] == len(manifest)
    assert result["failures"] == 0 and len(result["top_ads"]) == 10
    assert result["engine"]["state"] == "already running"

    again = anzuelo(["demo", "--json"], env)
    assert again.returncode == 0, again.stderr[-5000:]
    second = json.loads(again.stdout)
    assert second["ads_indexed"] == 0 and second["ads_in_index"] == len(manifest) == engine.count()
    assert sum(c["unchanged"] for c in second["crawls"]) == len(manifest)

    label = {e["path"]: e["label"] for e in manifest}  # 1 = deceptive
    found = anzuelo(["search", "--min-score", "0.5", "--limit", "60", "--json"], env)
    assert found.returncode == 0, found.stderr[-3000:]
    labels = [label[urlsplit(h["ad"]["canonical_url"]).path] for h in json.loads(found.stdout)["hits"]]
    assert sum(labels[:10]) >= 9, labels
    assert labels.count(1) > 2 * labels.count(0), labels

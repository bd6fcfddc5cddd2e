"""``anzuelo drift`` on the real engine: a source whose scores shift is flagged, a stable one is not;
indicator-rate rule, too-few-ads rule, the PNG plot, and the crawl-run record's ``drift`` field."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from anzuelo.cli import main
from crawler.jobs import CrawlOptions
from crawler.runs import record_run
from crawler.summary import CrawlSummary
from index.drift import parse_window, psi

pytestmark = pytest.mark.integration
NOW = datetime.now(timezone.utc)
LOW = [0.005, 0.01, 0.02, 0.04, 0.08]  # spread over several log-odds bins
HIGH = [0.4, 0.6, 0.8, 0.92, 0.95]


def _ads(source: str, days_ago: float, scores: list[float], n: int, indicator_every: int = 0) -> list[dict]:
    out = []
    for i in range(n):
        url = f"https://drift.test/{source}/{days_ago}/{i}"
        seen = (NOW - timedelta(days=days_ago, minutes=i)).isoformat()
        out.append({"canonical_url": url, "url": url, "source": source, "title": f"Aviso {i}", "text": f"Texto {i}",
                    "lang": "es", "first_seen": seen, "score": scores[i % len(scores)],
                    "indicators": ["travel_paid"] if indicator_every and i % indicator_every == 0 else []})
    return out


@pytest.fixture
def drifting(engine, monkeypatch):
    """Two 7-day windows: 'shifty' moves from low to high scores, 'steady' keeps its scores,
    'rates' keeps its scores but travel_paid goes from 1 ad in 10 to 1 in 2, 'tiny' has 5 ads a window."""
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    engine.ensure_ads_index()
    ads = (_ads("shifty", 10, LOW, 40) + _ads("shifty", 3, HIGH, 40)
           + _ads("steady", 10, LOW + HIGH, 40) + _ads("steady", 3, LOW + HIGH, 40)
           + _ads("rates", 10, LOW, 40, indicator_every=10) + _ads("rates", 3, LOW, 40, indicator_every=2)
           + _ads("tiny", 10, LOW, 5) + _ads("tiny", 3, HIGH, 5))
    result = engine.bulk_upsert(ads)
    assert result.failed == 0, result.errors
    engine.refresh()
    return engine


def test_psi_matches_the_hand_computed_value():
    # (0.9 - 0.5) ln(0.9 / 0.5) + (0.1 - 0.5) ln(0.1 / 0.5) = 0.2351 + 0.6438
    assert psi([50, 50], [90, 10]) == pytest.approx(0.8789, abs=1e-4)
    assert psi([10, 20, 30], [20, 40, 60]) == pytest.approx(0.0)


def test_drift_flags_the_shifted_source_not_the_stable_one(drifting, capsys):
    capsys.readouterr()
    assert main(["drift", "--window", "7d", "--windows", "2", "--json"]) == 1  # a source drifted
    report = json.loads(capsys.readouterr().out)
    by = {s["source"]: s for s in report["sources"]}
    assert report["flagged"] == ["rates", "shifty"]
    assert by["shifty"]["psi"] > 1 and "score PSI" in by["shifty"]["reasons"][0]
    assert by["steady"]["psi"] < 0.01 and not by["steady"]["flagged"] and by["steady"]["status"] == "ok"
    assert by["rates"]["psi"] < 0.01 and by["rates"]["reasons"] == ["travel_paid rate 10% -> 50%"]
    assert not by["tiny"]["flagged"] and by["tiny"]["status"].startswith("too few ads")
    assert [w["ads"] for w in by["shifty"]["windows"]] == [40, 40]


def test_drift_source_filter_table_and_plot(drifting, capsys, tmp_path):
    capsys.readouterr()
    assert main(["drift", "--window", "7d", "--windows", "3", "--source", "steady"]) == 0
    out = capsys.readouterr().out
    assert "ok    steady" in out and "flagged: none" in out and "shifty" not in out
    png = tmp_path / "psi.png"
    assert main(["drift", "--window", "7d", "--plot", str(png)]) == 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "DRIFT shifty" in capsys.readouterr().out


def test_drift_threshold_setting_and_bad_window(drifting, capsys, monkeypatch):
    monkeypatch.setenv("ANZUELO_DRIFT_PSI_THRESHOLD", "50")
    monkeypatch.setenv("ANZUELO_DRIFT_RATE_CHANGE", "0.9")
    assert main(["drift", "--window", "7d", "--json"]) == 0  # nothing moves that far
    capsys.readouterr()
    assert main(["drift", "--window", "seven days"]) == 2
    assert "write it as a whole number" in capsys.readouterr().err
    assert parse_window("36h") == timedelta(hours=36)


def test_crawl_run_record_carries_the_drift(drifting, monkeypatch):
    monkeypatch.setenv("ANZUELO_DRIFT_WINDOW", "7d")
    options = CrawlOptions(state_dir=Path("."), engine_url=drifting.url,
                           index_prefix=drifting.prefix)
    summary = CrawlSummary(run_id="shifty-2026", source="shifty", spider="jobposting", started=NOW.isoformat(),
                           finish_reason="finished", indexed=40)
    record_run(options, summary)
    doc = drifting.get_doc("crawl-runs", "shifty-2026")
    assert doc["indexed"] == 40 and doc["drift"]["this_source_flagged"] is True
    assert sorted(f["source"] for f in doc["drift"]["flagged"]) == ["rates", "shifty"]
    assert doc["drift"]["window_seconds"] == 7 * 86400
    # the workbench's status answer (admins) shows it with the source's last crawl
    from tests.workbench.helpers import FAST_HASHER, api_client
    from workbench import create_app
    from workbench.backend import Backend

    app = create_app(Backend(drifting), secret="drift-secret", password_hasher=FAST_HASHER)
    app.state.users.add("admin", "admin", "correct-horse-1", "admin@example.org")
    status = api_client(app, "admin").get("/api/status").json()
    assert status["crawls"]["sources"]["shifty"]["drift"]["this_source_flagged"] is True

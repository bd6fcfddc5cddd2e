"""Settings that work: every ANZUELO_<NAME> of anzuelo/settings.py reaches the component that uses it.

``TABLE`` maps each documented setting to a distinctive valid value (as the
environment gives it) and the value the component must end up with. The probe
(``tests/cli/settings_probe.py``) builds the components in a fresh process,
through the same entry paths as the CLI, and reports what each one received.
A setting missing from the table fails the test: new settings cannot be forgotten.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from anzuelo import settings

ROOT = Path(__file__).resolve().parents[2]

#: NAME -> (environment value, value observed in the component). {tmp} is the test's folder.
TABLE: dict[str, tuple[str, object]] = {
    "HOME": ("{tmp}/home-probe", "{tmp}/home-probe"),
    "ENGINE_OPENSEARCH_VERSION": ("2.19.9", "2.19.9"),
    "ENGINE_HOST": ("127.0.0.2", "127.0.0.2"),
    "ENGINE_PORT": ("9333", 9333),
    "ENGINE_URL": ("http://engine.example:9444", "http://engine.example:9444"),
    "ENGINE_HEAP": ("777m", "777m"),
    "ENGINE_START_TIMEOUT": ("171", 171.0),
    "ENGINE_MAVEN_TIMEOUT": ("901", 901.0),
    "INDEX_PREFIX": ("probeidx", "probeidx"),
    "INDEX_ADS_VERSION": ("7", 7),
    "INDEX_BULK_SIZE": ("123", 123),
    "INDEX_BULK_MAX_RETRIES": ("9", 9),
    "INDEX_BULK_BACKOFF": ("0.25", 0.25),
    "INDEX_TIMEOUT": ("17", 17.0),
    "INDEX_SHARDS": ("3", 3),
    "INDEX_REPLICAS": ("1", 1),
    "SPOOL_DIR": ("{tmp}/spool-probe", "{tmp}/spool-probe"),
    "SPOOL_SEGMENT_BYTES": ("4321", 4321),
    "INDEX_FLUSH_WAIT": ("3.5", 3.5),
    "INDEX_ENABLED": ("false", False),
    "SCORE_BATCH_SIZE": ("7", 7),
    "SCORE_BATCH_MAX_WAIT": ("0.75", 0.75),
    "SCORE_MODEL_DIR": ("/srv/models/probe", "/srv/models/probe"),
    "SCORE_EMBED_CACHE": ("{tmp}/embed-probe.sqlite", "{tmp}/embed-probe.sqlite"),
    "SCORE_EMBED_CACHE_ROWS": ("54321", 54321),
    "ENCODER_CACHE": ("{tmp}/encoders-probe", "{tmp}/encoders-probe"),
    "MODELS_DIR": ("{tmp}/models-probe", "{tmp}/models-probe"),
    "MODELS_PROMOTE_MARGIN": ("0.0125", 0.0125),
    "SCORE_ENABLED": ("false", False),
    "CRAWL_USER_AGENT": ("probe-agent/1.0 (+https://probe.example)", "probe-agent/1.0 (+https://probe.example)"),
    "CRAWL_CONCURRENT_PER_DOMAIN": ("3", 3),
    "CRAWL_CONCURRENT_ITEMS": ("11", 11),
    "CRAWL_DOWNLOAD_TIMEOUT": ("13", 13),
    "CRAWL_DOWNLOAD_MAXSIZE": ("1234567", 1234567),
    "CRAWL_RETRY_TIMES": ("4", 4),
    "CRAWL_ALLOW_PRIVATE": ("true", True),
    "CRAWL_MAX_PAGES": ("42", 42),
    "CRAWL_STATE_DIR": ("crawl-probe", "crawl-probe"),
    "CRAWL_SOURCES_FILE": ("probe-sources.toml", "probe-sources.toml"),
    "SOURCES": ("{tmp}/my-sources.toml", "{tmp}/my-sources.toml"),
    "CRAWL_ALLOWED_PRIVATE_HOSTS": ("10.0.0.7,host.internal", ["10.0.0.7", "host.internal"]),
    "CRAWL_DOWNLOAD_DELAY": ("0.3", 0.3),
    "CRAWL_AUTOTHROTTLE_ENABLED": ("false", False),
    "CRAWL_AUTOTHROTTLE_START_DELAY": ("2.5", 2.5),
    "CRAWL_AUTOTHROTTLE_MAX_DELAY": ("45", 45.0),
    "CRAWL_RETRY_BACKOFF": ("1.5", 1.5),
    "CRAWL_RETRY_BACKOFF_MAX": ("12", 12.0),
    "CRAWL_REDIRECT_MAX_TIMES": ("3", 3),
    "CRAWL_DEPTH_LIMIT": ("6", 6),
    "CRAWL_EVIDENCE_ENABLED": ("false", False),
    "CRAWL_EVIDENCE_DIR": ("captures", "captures"),
    "CRAWL_JOBS_DIR": ("jobs-probe", "jobs-probe"),
    "CRAWL_PROGRESS_INTERVAL": ("7.5", 7.5),
    "CRAWL_PROGRESS_BAR_INTERVAL": ("0.9", 0.9),
    "CRAWL_RUNS_KIND": ("runs-probe", "runs-probe"),
    "DEMO_PORT": ("8811", 8811),
    "DEMO_BACKLOG": ("77", 77),
    "WEB_HOST": ("127.0.0.9", "127.0.0.9"),
    "WEB_PORT": ("8123", 8123),
    "WEB_PAGE_SIZE": ("33", 33),
    "WEB_EXPORT_MAX_ROWS": ("444", 444),
    "WEB_SESSION_MAX_AGE": ("555", 555),
    "WEB_SECRET_FILE": ("probe-secret", "probe-secret"),
    "WEB_COOKIE_SECURE": ("true", True),
    "WEB_USER_CACHE_TTL": ("2.5", 2.5),
    "WEB_LINKED_MAX": ("21", 21),
    "WEB_TOP_CONTACTS": ("22", 22),
    "WEB_NETWORK_MAX_NODES": ("123", 123),
    "WEB_SMTP_HOST": ("smtp.probe.example", "smtp.probe.example"),
    "WEB_SMTP_PORT": ("2525", 2525),
    "WEB_SMTP_USER": ("probe-user", "probe-user"),
    "WEB_SMTP_PASSWORD": ("probe-pass", "probe-pass"),
    "WEB_SMTP_FROM": ("alerts@probe.example", "alerts@probe.example"),
    "WEB_SMTP_STARTTLS": ("true", True),
    "WEB_LOGIN_FREE_FAILURES": ("6", 6),
    "WEB_LOGIN_LOCKOUT": ("2.75", 2.75),
    "WEB_LOGIN_LOCKOUT_MAX": ("901", 901.0),
    "WEB_LOGIN_FAILURE_WINDOW": ("3601", 3601.0),
    "WEB_LOGIN_CONCURRENCY": ("5", 5),
    "WEB_LOGIN_TRACKED": ("10001", 10001),
    "WEB_EVIDENCE_DIR": ("{tmp}/captures-web", "{tmp}/captures-web"),
    "WEB_HSTS": ("true", True),
    "WEB_LABEL_RETRIES": ("51", 51),
    "SEARCH_MAX_QUERY_CHARS": ("4321", 4321),
    "SEARCH_MAX_EXPANDING_TERMS": ("3", 3),
    "SEARCH_MAX_QUERY_TERMS": ("33", 33),
    "SEARCH_MAX_FILTER_VALUES": ("101", 101),
    "SEARCH_RELAX_BELOW": ("5", 5),
    "SEARCH_SYNONYMS_FILE": ("{tmp}/my-synonyms.txt", "{tmp}/my-synonyms.txt"),
    "INGEST_MIN_CHARS": ("5", 5),
    "INGEST_DATE_ORDER": ("mdy", "mdy"),
    "RESCORE_STATE_DIR": ("rescore-probe", "rescore-probe"),
    "RESCORE_PIT_KEEP_ALIVE": ("7m", "7m"),
    "RESCORE_KEEP": ("5", 5),
    "RESCORE_CATCHUP_ROUNDS": ("4", 4),
    "RESCORE_GRACE": ("0.3", 0.3),
    "FRONTIER_URL": ("redis://redis.example:6390/3", "redis://redis.example:6390/3"),
    "FRONTIER_PREFIX": ("probepfx", "probepfx"),
    "FRONTIER_LEASE": ("42", 42.0),
    "FRONTIER_POLL_INTERVAL": ("0.7", 0.7),
    "FRONTIER_CLAIM_TTL": ("321", 321),
    "FRONTIER_IDLE_EXIT": ("9", 9.0),
    "FRONTIER_SLOT_HOLD": ("77", 77.0),
    "CRAWL_DISTRIBUTED": ("true", True),
    "SCHEDULE_LOCK_TTL": ("12", 12.0),
    "QUEUE_POOL": ("321", 321),
    "DRIFT_WINDOW": ("36h", 129600.0),
    "DRIFT_PSI_THRESHOLD": ("0.35", 0.35),
    "DRIFT_RATE_CHANGE": ("0.07", 0.07),
    "DRIFT_MIN_ADS": ("9", 9),
}
#: Settings that switch a component off: probed in a second run, so they do not hide the others.
SWITCHES = ("SCORE_ENABLED", "INDEX_ENABLED", "CRAWL_EVIDENCE_ENABLED")


def _probe(names: list[str], tmp: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANZUELO_")}
    env.update({f"ANZUELO_{n}": TABLE[n][0].format(tmp=tmp) for n in names})
    env["HF_HUB_OFFLINE"] = "1"
    proc = subprocess.run([sys.executable, "-m", "tests.cli.settings_probe", *names], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_settings_env_table_covers_every_setting():
    missing = sorted(set(settings.NAMES) - set(TABLE))
    assert not missing, f"settings without a row in TABLE (add how to observe them): {missing}"
    assert not sorted(set(TABLE) - set(settings.NAMES)), "rows for settings that no longer exist"


@pytest.mark.slow
def test_settings_env_every_variable_reaches_its_component(tmp_path):
    (tmp_path / "my-sources.toml").write_text('[sources.x]\nspider = "feed"\nfeeds = ["https://x.example/f.xml"]\n',
                                              encoding="utf-8")
    names = [n for n in settings.NAMES if n in TABLE]
    seen = {**_probe([n for n in names if n not in SWITCHES], tmp_path), **_probe(list(SWITCHES), tmp_path)}
    expected = {n: v.format(tmp=tmp_path) if isinstance(v, str) else v for n, (_, v) in TABLE.items() if n in names}
    wrong = {n: (seen.get(n), expected[n]) for n in names if seen.get(n) != expected[n]}
    assert not wrong, "ANZUELO_<NAME> not reaching its component (observed, expected): " + json.dumps(wrong, default=str)


def test_settings_env_bad_value_exits_2_naming_the_variable():
    env = {**os.environ, "ANZUELO_ENGINE_PORT": "ninety"}
    proc = subprocess.run([sys.executable, "-m", "anzuelo", "sources", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "ANZUELO_ENGINE_PORT='ninety': not an integer" in proc.stderr and "Traceback" not in proc.stderr

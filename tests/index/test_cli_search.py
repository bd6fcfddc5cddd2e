"""``anzuelo search`` end to end against the real node, plus its error exits."""

from __future__ import annotations

import json

import pytest

from anzuelo.cli import main
from anzuelo.errors import EXIT_ENGINE, EXIT_USAGE
from anzuelo.engine.net import free_port


@pytest.fixture
def cli_env(engine, monkeypatch):
    """The CLI pointed at the test node and the test's index prefix, with three ads."""
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    engine.ensure_ads_index()
    engine.bulk_upsert([
        {"canonical_url": "https://a.test/1", "url": "https://a.test/1", "title": "Se buscan modelos en Europa",
         "text": "Viaje pagado.", "score": 0.93, "risk": "high", "indicators": ["pays_travel"], "source": "demo",
         "country": "CO", "lang": "es"},
        {"canonical_url": "https://a.test/2", "url": "https://a.test/2", "title": "Modelo fotográfico",
         "text": "Estudio local.", "score": 0.41, "risk": "medium", "source": "demo", "country": "MX", "lang": "es"},
        {"canonical_url": "https://a.test/3", "url": "https://a.test/3", "title": "Cashier", "text": "Store.",
         "score": 0.05, "risk": "low", "source": "other", "country": "US", "lang": "en"},
    ])
    engine.refresh()
    return engine


@pytest.mark.integration
def test_search_table_best_first(cli_env, capsys):
    assert main(["search", "modelos"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("2 ads match")
    assert out.index("Se buscan modelos en Europa") < out.index("Modelo fotográfico")
    assert " 0.93  high" in out and "https://a.test/1  [pays_travel]" in out
    assert "Cashier" not in out


@pytest.mark.integration
def test_search_json_with_filters(cli_env, capsys):
    assert main(["search", "--risk", "high,medium", "--country", "mx", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1
    assert [h["ad"]["title"] for h in data["hits"]] == ["Modelo fotográfico"]
    assert data["facets"]["risk"] == {"medium": 1}
    assert main(["search", "--min-score", "0.4", "--limit", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2 and [h["score"] for h in data["hits"]] == [0.93]


@pytest.mark.integration
def test_search_bad_flag_is_usage_error(cli_env, capsys):
    assert main(["search", "--risk", "severe"]) == EXIT_USAGE
    assert "invalid risk: severe" in capsys.readouterr().err


def test_search_engine_unreachable_is_exit_3(monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_ENGINE_URL", f"http://127.0.0.1:{free_port()}")
    assert main(["search", "anything"]) == EXIT_ENGINE
    err = capsys.readouterr().err
    assert "no search engine answers" in err and "anzuelo engine start" in err and "ANZUELO_ENGINE_URL" in err

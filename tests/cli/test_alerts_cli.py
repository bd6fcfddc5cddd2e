"""``anzuelo alerts`` against the real node: new hits per saved search, the alert clock, exit codes."""

from __future__ import annotations

import json

import pytest

from anzuelo.cli import main
from anzuelo.errors import EXIT_USAGE
from workbench import saved
from workbench.backend import Backend

pytestmark = pytest.mark.integration
OLD, CLOCK, NEW = "2024-05-01T00:00:00+00:00", "2024-06-01T00:00:00+00:00", "2024-07-01T00:00:00+00:00"


def ad(n: int, title: str, first_seen: str, **extra) -> dict:
    url = f"https://a.test/{n}"
    return {"canonical_url": url, "url": url, "title": title, "text": title, "source": "demo-jobs",
            "country": "CO", "lang": "es", "score": 0.9, "risk": "high", "first_seen": first_seen, **extra}


@pytest.fixture
def searches(engine, monkeypatch):
    """Ads seen before and after the clock; saved searches of ana (modelos, cocina) and luis (all)."""
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    engine.ensure_ads_index()
    engine.bulk_upsert([
        ad(1, "Modelos para Europa", OLD), ad(2, "Modelos sin experiencia", NEW),
        ad(3, "Modelos viaje pagado", NEW, risk="medium", score=0.5), ad(4, "Ayudante de cocina", OLD),
    ])
    engine.refresh()
    be = Backend(engine)
    made = {}
    for user, name, params in (("ana", "modelos", "q=modelos"), ("ana", "cocina", "q=cocina"), ("luis", "todo", "")):
        made[name] = saved.create(be, user, name, params)
        saved.mark_alerted(be, made[name], CLOCK)  # as if the last alert ran at CLOCK
    return made


def alerts_json(capsys, *args: str) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["alerts", "--json", *args]) == 0
    return {r["saved_search"]["name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}


def test_new_hits_per_saved_search(searches, capsys):
    reports = alerts_json(capsys, "--dry-run")
    assert {name: r["new"] for name, r in reports.items()} == {"modelos": 2, "cocina": 0, "todo": 2}
    modelos = reports["modelos"]
    assert modelos["since"] == CLOCK and modelos["saved_search"]["user"] == "ana"
    assert [h["title"] for h in modelos["hits"]] == ["Modelos sin experiencia", "Modelos viaje pagado"]
    assert alerts_json(capsys, "--user", "luis", "--dry-run").keys() == {"todo"}


def test_clock_moves_only_on_a_real_run(searches, capsys):
    assert alerts_json(capsys, "--dry-run")["modelos"]["new"] == 2
    assert alerts_json(capsys, "--since", "2024-06-15")["modelos"]["new"] == 2  # --since does not move it
    assert alerts_json(capsys)["modelos"]["new"] == 2  # reported: now the clock moves
    assert {r["new"] for r in alerts_json(capsys).values()} == {0}
    assert alerts_json(capsys, "--since", "2024-04-01")["modelos"]["new"] == 3


def test_text_report(searches, capsys):
    assert main(["alerts", "--dry-run", "--base-url", "https://wb.example"]) == 0
    out = capsys.readouterr().out
    assert f"modelos: 2 new since {CLOCK} [ana]" in out
    assert "cocina: 0 new" in out
    assert "Modelos sin experiencia  https://wb.example/ads/" in out


def test_bad_since_and_unconfigured_email_exit_2(searches, capsys, monkeypatch):
    assert main(["alerts", "--since", "last tuesday"]) == EXIT_USAGE
    assert "cannot read --since" in capsys.readouterr().err
    monkeypatch.setenv("ANZUELO_WEB_SMTP_HOST", "")
    assert main(["alerts", "--email"]) == EXIT_USAGE
    assert "e-mail is not configured" in capsys.readouterr().err
    assert alerts_json(capsys, "--dry-run")["modelos"]["new"] == 2  # a failed run moved nothing


def test_no_saved_searches(engine, monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    assert main(["alerts", "--json"]) == 0
    assert capsys.readouterr().out == ""

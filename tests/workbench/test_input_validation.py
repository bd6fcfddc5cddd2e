"""Bad input is refused before the engine: 400 with plain words, never 503 or engine text.

Exports are checked (and their first page fetched) before the first byte is sent,
and are audited only once they started.
"""

from __future__ import annotations

import pytest

from anzuelo import settings
from tests.workbench.helpers import api_client, engine_app, login
from workbench import audit

pytestmark = pytest.mark.integration

WORDS = "modelo viaje pagado exterior chicas jovenes pasaporte alojamiento".split()


@pytest.fixture
def app_backend(engine, tmp_path):
    return engine_app(engine, tmp_path)


def _words(n: int) -> str:
    return " ".join(f"{WORDS[i % len(WORDS)]}{i}" for i in range(n))


@pytest.mark.parametrize(("params", "says"), [
    ({"posted_from": "2024-13-45"}, "posted_from must be a date"),
    ({"seen_to": "2024-02-30"}, "seen_to must be a date"),
    ({"posted_to": "2024-05-31T25:61"}, "posted_to must be a date"),
    ({"q": _words(200)}, "q is too long"),
    ({"q": " ".join(f"w{n}" for n in range(60))}, "too many words"),
    ({"q": "x" * 600}, "too long"),
    ({"q": "-".join(["ab"] * 100)}, "too many words"),  # one "word" the analyzer splits into 100 terms
    ({"q": " ".join(f"w{n}~2" for n in range(40))}, "fuzzy"),
    ({"q": "modelo* viaje* chica~"}, "fuzzy"),
    ({"source": [f"site{n}" for n in range(150)]}, "too many filter values"),
])
def test_bad_search_input_is_400_with_plain_message(app_backend, params, says):
    app, _ = app_backend
    client = api_client(app, "viewer")
    res = client.get("/api/search", params=params)
    assert res.status_code == 400, res.text
    assert says in res.json()["detail"] and "engine" not in res.text
    page = login(app, "viewer").get("/", params=params)
    assert page.status_code == 400 and says in page.text


def test_queries_within_the_limits_run_on_the_engine(app_backend):
    app, _ = app_backend
    client = api_client(app, "viewer")
    most = settings.SEARCH_MAX_QUERY_TERMS
    for q in (" ".join(WORDS[n % len(WORDS)] for n in range(most)),
              "modelo~ viaj* " + " ".join(WORDS[n % len(WORDS)] for n in range(most - 2))):
        res = client.get("/api/search", params={"q": q, "posted_from": "2024-02-29", "seen_to": "2024-05-31 23:59"})
        assert res.status_code == 200, res.text


def test_engine_refusal_is_400_without_engine_text(app_backend, monkeypatch):
    # Belt and braces: were the limits set too high, the engine's own refusal is still a 400.
    app, _ = app_backend
    monkeypatch.setattr(settings, "SEARCH_MAX_QUERY_TERMS", 10_000)
    monkeypatch.setattr(settings, "SEARCH_MAX_QUERY_CHARS", 100_000)
    res = api_client(app, "viewer").get("/api/search", params={"q": _words(200)})
    assert res.status_code == 400, res.text
    assert res.json()["detail"] == "the search engine cannot run this request as given"
    assert "too_many" not in res.text and "exception" not in res.text


@pytest.mark.parametrize("params", [{"posted_from": "2024-13-45"}, {"q": _words(200)}])
def test_bad_export_fails_before_the_first_byte_and_is_not_audited(app_backend, params):
    app, backend = app_backend
    res = api_client(app, "viewer").get("/api/export", params={"format": "csv", **params})
    assert res.status_code == 400 and "content-disposition" not in res.headers
    assert audit.query(backend, action="export") == []


def test_export_the_engine_refuses_fails_before_the_first_byte(app_backend, monkeypatch):
    app, backend = app_backend
    monkeypatch.setattr(settings, "SEARCH_MAX_QUERY_TERMS", 10_000)
    monkeypatch.setattr(settings, "SEARCH_MAX_QUERY_CHARS", 100_000)
    res = api_client(app, "viewer").get("/api/export", params={"format": "json", "q": _words(200)})
    assert res.status_code == 400 and "content-disposition" not in res.headers
    assert audit.query(backend, action="export") == []


def test_good_export_is_audited_once_started(app_backend):
    app, backend = app_backend
    res = api_client(app, "viewer").get("/api/export", params={"format": "csv", "risk": "high"})
    assert res.status_code == 200 and res.headers["content-disposition"].startswith("attachment;")
    assert res.text.count("\n") > 1
    assert [e["target"] for e in audit.query(backend, action="export")] == ["risk=high"]

"""``anzuelo users role|password|logout`` end a running workbench's sessions (real node, real CLI code)."""

from __future__ import annotations

import io
import sys

import pytest

from anzuelo.cli import main
from anzuelo.errors import EXIT_USAGE
from tests.workbench.helpers import PASSWORD, api_client, engine_app

pytestmark = pytest.mark.integration


@pytest.fixture
def app_cli(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    app, _ = engine_app(engine, tmp_path, user_cache_ttl=0)
    return app


def test_users_logout_role_and_password_end_sessions(app_cli, monkeypatch, capsys):
    app = app_cli
    client = api_client(app, "labeller")
    assert main(["users", "logout", "labeller"]) == 0
    assert client.get("/api/me").status_code == 401

    client = api_client(app, "labeller")
    assert main(["users", "role", "labeller", "viewer"]) == 0
    assert client.get("/api/me").status_code == 401
    assert api_client(app, "labeller").get("/api/me").json()["role"] == "viewer"

    client = api_client(app, "labeller")
    monkeypatch.setattr(sys, "stdin", io.StringIO("brand-new-pass\n"))
    assert main(["users", "password", "labeller", "--password-stdin"]) == 0
    assert client.get("/api/me").status_code == 401
    assert api_client(app, "labeller", "brand-new-pass").get("/api/me").status_code == 200
    assert "sessions were ended" in capsys.readouterr().out


def test_users_commands_refuse_bad_input(app_cli, monkeypatch):
    assert main(["users", "logout", "nobody"]) == EXIT_USAGE
    assert main(["users", "role", "viewer", "superuser"]) == EXIT_USAGE
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["users", "password", "viewer", "--password-stdin"]) == EXIT_USAGE
    assert api_client(app_cli, "viewer", PASSWORD).get("/api/me").status_code == 200

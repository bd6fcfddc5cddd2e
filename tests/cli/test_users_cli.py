"""``anzuelo users add|list|disable`` against the real node: exit codes, --json, stdin, login effects."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from anzuelo.cli import main
from anzuelo.errors import EXIT_USAGE
from workbench import create_app
from workbench.backend import Backend

pytestmark = pytest.mark.integration
ANZUELO = str(Path(sys.executable).with_name("anzuelo"))


@pytest.fixture
def cli_env(engine, monkeypatch):
    """The CLI pointed at the test node and the test's index prefix."""
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    return engine


def add(monkeypatch, *args: str, password: str = "long-enough-pw") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["users", "add", *args, "--password-stdin"])


def api_login(engine, name: str, password: str) -> int:
    app = create_app(Backend(engine), secret="cli-test")
    return TestClient(app).post("/api/login", json={"name": name, "password": password}).status_code


def users_json(capsys) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["users", "list", "--json"]) == 0
    return {u["name"]: u for u in map(json.loads, capsys.readouterr().out.splitlines())}


def test_add_and_list_json(cli_env, monkeypatch, capsys):
    assert add(monkeypatch, "ana", "--role", "admin", "--email", "ana@example.org") == 0
    assert "user ana (admin) saved" in capsys.readouterr().out
    assert add(monkeypatch, "bob") == 0  # viewer by default
    users = users_json(capsys)
    assert set(users) == {"ana", "bob"}
    assert (users["ana"]["role"], users["ana"]["email"], users["ana"]["disabled"]) == ("admin", "ana@example.org", False)
    assert users["bob"]["role"] == "viewer"
    assert all("password_hash" not in u for u in users.values())
    assert api_login(cli_env, "ana", "long-enough-pw") == 200


def test_list_table(cli_env, monkeypatch, capsys):
    assert add(monkeypatch, "carla", "--role", "labeller") == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    line = capsys.readouterr().out.splitlines()[0].split()
    assert line[:3] == ["carla", "labeller", "active"]


def test_password_from_real_stdin(cli_env):
    env = {**os.environ, "ANZUELO_ENGINE_URL": cli_env.url, "ANZUELO_INDEX_PREFIX": cli_env.prefix}
    run = subprocess.run([ANZUELO, "users", "add", "dora", "--role", "viewer", "--password-stdin"],
                         input="from-a-pipe-123\nignored second line\n", text=True, capture_output=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert api_login(cli_env, "dora", "from-a-pipe-123") == 200
    assert api_login(cli_env, "dora", "ignored second line") == 401


def test_bad_input_exits_2(cli_env, monkeypatch, capsys):
    assert add(monkeypatch, "eva", password="short") == EXIT_USAGE
    assert "password too short" in capsys.readouterr().err
    assert add(monkeypatch, "eva", "--role", "root") == EXIT_USAGE  # click choice
    assert add(monkeypatch, "bad name!") == EXIT_USAGE
    assert "invalid user name" in capsys.readouterr().err
    assert main(["users", "disable", "nobody"]) == EXIT_USAGE
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_disabled_user_cannot_log_in(cli_env, monkeypatch, capsys):
    assert add(monkeypatch, "fede", "--role", "labeller") == 0
    assert api_login(cli_env, "fede", "long-enough-pw") == 200
    assert main(["users", "disable", "fede"]) == 0
    assert "user fede disabled" in capsys.readouterr().out
    assert users_json(capsys)["fede"]["disabled"] is True
    assert api_login(cli_env, "fede", "long-enough-pw") == 401


def test_engine_down_exits_3(monkeypatch, capsys):
    from anzuelo.engine.net import free_port

    monkeypatch.setenv("ANZUELO_ENGINE_URL", f"http://127.0.0.1:{free_port()}")
    assert main(["users", "list"]) == 3
    assert "no search engine answers" in capsys.readouterr().err

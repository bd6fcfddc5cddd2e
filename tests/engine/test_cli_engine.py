"""``anzuelo engine ...`` commands (a stopped node; start/stop is covered in test_launcher_node)."""

from __future__ import annotations

import json

from anzuelo.cli import main
from anzuelo.engine.net import free_port


def test_status_json_of_a_stopped_node(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_HOME", str(tmp_path))
    port = free_port()
    assert main(["engine", "status", "--json", "--port", str(port)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"running": False, "url": f"http://127.0.0.1:{port}", "pid": None, "version": None,
                    "health": None, "data_dir": str(tmp_path / "engine" / "data"),
                    "log_file": str(tmp_path / "engine" / "run" / "logs" / "node.log")}


def test_stop_when_not_running_and_help(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_HOME", str(tmp_path))
    assert main(["engine", "stop"]) == 0
    assert capsys.readouterr().out.strip() == "not running"
    assert main(["engine", "--help"]) == 0
    assert "anzuelo engine fetch" in capsys.readouterr().out


def test_start_without_java_explains(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert main(["engine", "start", "--port", str(free_port())]) == 3
    assert "Java was not found" in capsys.readouterr().err

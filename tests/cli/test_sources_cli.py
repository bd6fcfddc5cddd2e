"""`anzuelo sources`: where the sources file is looked for, what is said when none is found, `init`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anzuelo.cli import main
from crawler.sources import load_sources


def _file(path: Path, name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[sources.{name}]\nspider = "feed"\nfeeds = ["https://{name}.example/feed.xml"]\n', encoding="utf-8")
    return path


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A fresh clone's situation: an empty anzuelo home, the working folder elsewhere, no ANZUELO_SOURCES."""
    monkeypatch.setenv("ANZUELO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ANZUELO_SOURCES", raising=False)
    work = tmp_path / "clone"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


def _names(capsys, *args: str) -> list[str]:
    assert main(["sources", "list", "--json", *args]) == 0
    return [row["name"] for row in json.loads(capsys.readouterr().out)]


def test_sources_cli_uses_the_file_in_the_current_folder(fresh, capsys):
    _file(fresh / "clone" / "sources.toml", "local")
    assert _names(capsys) == ["local"]


def test_sources_cli_lookup_order(fresh, capsys, monkeypatch):
    _file(fresh / "home" / "sources.toml", "home")
    assert _names(capsys) == ["home"]  # nothing in the folder: the home file
    _file(fresh / "clone" / "sources.toml", "local")
    assert _names(capsys) == ["local"]  # the folder's file before the home one
    monkeypatch.setenv("ANZUELO_SOURCES", str(_file(fresh / "env.toml", "env")))
    assert _names(capsys) == ["env"]  # ANZUELO_SOURCES before the folder
    assert _names(capsys, "--sources", str(_file(fresh / "given.toml", "given"))) == ["given"]  # --sources first


def test_sources_cli_nothing_found_says_where_it_looked_and_offers_init(fresh, capsys):
    assert main(["sources", "list"]) == 2
    err = capsys.readouterr().err
    assert "no sources file found" in err and "--sources (not given)" in err and "ANZUELO_SOURCES (not set)" in err
    assert str(fresh / "clone" / "sources.toml") in err and str(fresh / "home" / "sources.toml") in err
    assert "anzuelo sources init" in err


def test_sources_cli_missing_explicit_file_is_an_error_not_skipped(fresh, capsys, monkeypatch):
    _file(fresh / "clone" / "sources.toml", "local")
    monkeypatch.setenv("ANZUELO_SOURCES", str(fresh / "nope.toml"))
    assert main(["sources", "check"]) == 2
    assert "nope.toml (from ANZUELO_SOURCES)" in capsys.readouterr().err


def test_sources_cli_init_writes_a_valid_example_and_never_overwrites_without_force(fresh, capsys):
    target = fresh / "home" / "sources.toml"
    assert main(["sources", "init", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(target)}
    loaded = load_sources(target)
    assert {s.spider for s in loaded} == {"jobposting", "classifieds", "feed"} and not any(s.enabled for s in loaded)
    assert target.read_text(encoding="utf-8").startswith("# anzuelo sources")

    target.write_text("# my own sources\n", encoding="utf-8")
    assert main(["sources", "init"]) == 2
    assert "already exists" in capsys.readouterr().err and target.read_text(encoding="utf-8") == "# my own sources\n"
    assert main(["sources", "init", "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# anzuelo sources")
    assert main(["sources", "check"]) == 0  # found in the home folder, valid

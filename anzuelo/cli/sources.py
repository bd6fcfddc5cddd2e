"""``anzuelo sources list|check``: show and validate the sources file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from anzuelo import settings

SOURCES_HELP = "Sources file [default: $ANZUELO_HOME/sources.toml]."


def _path(sources_file: Path | None) -> Path:
    return sources_file or settings.home() / str(settings.get("CRAWL_SOURCES_FILE"))


@click.group("sources")
def sources() -> None:
    """Sites to crawl: list them or validate the sources file (TOML, see sources.toml)."""


@sources.command("list")
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False), help=SOURCES_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def list_sources(sources_file: Path | None, as_json: bool) -> None:
    """List the configured sources: name, spider, schedule, page limit and start URLs."""
    from crawler.sources import load_sources

    loaded = load_sources(_path(sources_file))
    if as_json:
        rows = [s.model_dump(mode="json", exclude_none=True) | {"spider_args": s.spider_args(), "settings": s.settings} for s in loaded]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for s in loaded:
        urls = ", ".join(s.start_urls + s.sitemaps + s.feeds)
        state = "" if s.enabled else "  (disabled)"
        click.echo(f"{s.name:<24} {s.spider:<12} {s.schedule or '-':<14} max_pages={s.max_pages or '-':<6} {urls}{state}")


@sources.command("check")
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False), help=SOURCES_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print {ok, file, sources} as JSON.")
def check_sources(sources_file: Path | None, as_json: bool) -> None:
    """Validate the sources file; exit code 2 and one line per problem (file, source, field) if invalid."""
    from crawler.sources import load_sources

    path = _path(sources_file)
    loaded = load_sources(path)  # InputError -> exit 2 with every problem listed
    if as_json:
        click.echo(json.dumps({"ok": True, "file": str(path), "sources": [s.name for s in loaded]}))
    else:
        click.echo(f"{path}: {len(loaded)} source(s) valid: {', '.join(s.name for s in loaded)}")


commands = [sources]

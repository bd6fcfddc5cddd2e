"""``anzuelo sources list|check|init``: show, validate and start the sources file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from anzuelo import settings

SOURCES_HELP = ("Sources file [default: $ANZUELO_SOURCES, else ./sources.toml, else $ANZUELO_HOME/sources.toml].")


def home_sources() -> Path:
    """The sources file in the anzuelo home (where ``sources init`` writes)."""
    return settings.home() / str(settings.get("CRAWL_SOURCES_FILE"))


def sources_path(sources_file: Path | None) -> Path:
    """The sources file a command uses (``crawler.sourcefile.locate_sources``; InputError, exit 2, if none)."""
    from crawler.sourcefile import locate_sources

    env = settings.get("SOURCES")
    return locate_sources(sources_file, str(env) if env else None, Path.cwd(), home_sources())


@click.group("sources")
def sources() -> None:
    """Sites to crawl: list them, validate the sources file (TOML) or write an example one.

    \b
    The file is --sources FILE, else $ANZUELO_SOURCES, else ./sources.toml,
    else $ANZUELO_HOME/sources.toml (`anzuelo sources init` writes an example there).
    """


@sources.command("list")
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False), help=SOURCES_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def list_sources(sources_file: Path | None, as_json: bool) -> None:
    """List the configured sources: name, spider, schedule, page limit and start URLs."""
    from crawler.sources import load_sources

    path = sources_path(sources_file)
    loaded = load_sources(path)
    if as_json:
        rows = [s.model_dump(mode="json", exclude_none=True) | {"spider_args": s.spider_args(), "settings": s.settings} for s in loaded]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"# {path}", err=True)
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

    path = sources_path(sources_file)
    loaded = load_sources(path)  # InputError -> exit 2 with every problem listed
    if as_json:
        click.echo(json.dumps({"ok": True, "file": str(path), "sources": [s.name for s in loaded]}))
    else:
        click.echo(f"{path}: {len(loaded)} source(s) valid: {', '.join(s.name for s in loaded)}")


@sources.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--json", "as_json", is_flag=True, help="Print {file} as JSON.")
def init_sources(force: bool, as_json: bool) -> None:
    """Write a commented example sources file to $ANZUELO_HOME/sources.toml (exit 2 if it exists, unless --force)."""
    from crawler.sourcefile import write_example

    path = write_example(home_sources(), force=force)
    if as_json:
        click.echo(json.dumps({"file": str(path)}))
    else:
        click.echo(f"wrote {path}: edit it (the examples are disabled), then `anzuelo sources check`")


commands = [sources]

"""The ``anzuelo`` command line: only wires commands to the packages.

Each module in this package exports ``commands``, a list of click commands or
groups; they are discovered here so that adding a command touches one file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from anzuelo import __version__
from anzuelo.errors import AnzueloError

EPILOG = """\b
Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 search engine
unavailable, 4 finished but some items failed (see the messages).
Settings: every default lives in anzuelo/settings.py; ANZUELO_<NAME>
environment variables override them (e.g. ANZUELO_ENGINE_URL)."""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="anzuelo")
def cli() -> None:
    """anzuelo finds online job ads that lure young people into trafficking
    and recruitment fraud: crawl sites, score ads, index them, search them."""


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "commands", []):
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: runs the CLI and maps errors to exit codes."""
    from anzuelo import settings

    if settings.ENV_ERRORS:  # a bad ANZUELO_<NAME> value: say which, never run on a silent default
        for problem in settings.ENV_ERRORS:
            click.secho(f"error: {problem}", fg="red", err=True)
        click.echo("  hint: unset these variables or give valid values (defaults: anzuelo/settings.py)", err=True)
        return 2
    try:
        # standalone_mode=False returns ctx.exit(code) codes instead of exiting.
        rv = cli.main(args=argv, standalone_mode=False)
    except AnzueloError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``anzuelo labels export``: investigators' labels as training data for ``anzuelo train``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from anzuelo import settings


@click.group()
def labels() -> None:
    """Investigators' labels (deceptive / legitimate / unsure) stored on ads."""


@labels.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSONL file to write [default: stdout].")
def export(out: Path | None) -> None:
    """Write labelled ads as JSONL rows (id, lang, country, title, text, label 1/0,
    category "investigator_label", indicators, note) for `anzuelo train`.
    Ads labelled "unsure" are left out."""
    from workbench.backend import open_backend
    from workbench.labels import export_rows

    backend = open_backend(settings.engine_url())
    fh = out.open("w", encoding="utf-8") if out else sys.stdout
    n = 0
    try:
        for row in export_rows(backend):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if out:
            fh.close()
    click.echo(f"{n} labelled ads written{f' to {out}' if out else ''}", err=True)


commands = [labels]

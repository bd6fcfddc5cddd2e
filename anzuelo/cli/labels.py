"""``anzuelo labels export|agreement``: investigators' labels as training data, and how far labellers agree."""

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


@labels.command("agreement")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def agreement(as_json: bool) -> None:
    """Cohen's kappa per pair of labellers on the ads both labelled (each one's latest label;
    deceptive, legitimate and unsure are three classes), with the number of shared ads, and the
    overall percentage agreement. Kappa is undefined with fewer than 2 shared ads or one class only.
    Ads whose labellers disagree are listed; the workbench shows them on the ad page."""
    from workbench.agreement import agreement_report, labelled_ads
    from workbench.backend import open_backend

    report = agreement_report(labelled_ads(open_backend(settings.engine_url())))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['labelled_ads']} labelled ads, {len(report['labellers'])} labellers, "
               f"{report['ads_with_several_labellers']} ads labelled by two or more "
               f"({report['ads_unanimous']} unanimous)")
    if not report["pairs"]:
        click.echo("no two labellers labelled the same ad: nothing to compare")
        return
    click.echo(f"{'labellers':<32} {'shared':>6} {'agree':>7}  kappa")
    for p in report["pairs"]:
        kappa = f"{p['kappa']:.3f}" if p["kappa"] is not None else f"undefined ({p['undefined']})"
        click.echo(f"{' / '.join(p['pair'])[:32]:<32} {p['shared']:>6} {p['agreement']:>7.1%}  {kappa}")
    click.echo(f"overall agreement: {report['overall_agreement']:.1%} of {sum(p['shared'] for p in report['pairs'])} "
               "pairwise comparisons")
    for c in report["conflicts"][:20]:
        click.echo(f"  disagree on {c['id']}: " + ", ".join(f"{u} {v}" for u, v in sorted(c["votes"].items())))


commands = [labels]

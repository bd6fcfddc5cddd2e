"""``anzuelo search "QUERY"``: search indexed ads from the terminal, best first."""

from __future__ import annotations

import json
import shutil

import click

from anzuelo import settings


def _connect():
    from index import Index

    return Index.connect(settings.engine_url(), prefix=str(settings.get("INDEX_PREFIX")),
                         timeout=float(settings.get("INDEX_TIMEOUT")))


@click.command()
@click.argument("query", nargs=-1)
@click.option("--min-score", type=float, help="Only ads scored at least this (0..1).")
@click.option("--max-score", type=float, help="Only ads scored at most this (0..1).")
@click.option("--risk", multiple=True, help="low, medium or high (repeat or comma-separate).")
@click.option("--source", multiple=True, help="Source name from sources.toml (repeatable).")
@click.option("--country", multiple=True, help="ISO country code, e.g. CO (repeatable).")
@click.option("--lang", multiple=True, help="es, en, pt or other (repeatable).")
@click.option("--indicator", multiple=True, help="Indicator name, e.g. pays_travel (repeatable).")
@click.option("--status", type=click.Choice(["online", "gone"]), help="Only ads still online / gone.")
@click.option("--label", help="deceptive, legitimate, unsure, or none (unlabelled).")
@click.option("--sort", type=click.Choice(["score", "date", "relevance"]), default="score", show_default=True,
              help="score: riskiest first; date: newest first; relevance: best text match first.")
@click.option("--limit", type=int, default=20, show_default=True, help="Hits to show.")
@click.option("--page", type=int, default=1, show_default=True, help="Page of --limit hits.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: total, facets and hits.")
def search(query: tuple[str, ...], as_json: bool, **options: object) -> None:
    """Search indexed ads, riskiest first (free text: words AND-ed; "quotes" for phrases,
    -word to exclude, OR with |). Accents and plurals are matched in Spanish, English
    and Portuguese: "modelos" finds "Modelo", "dolares" finds "dólares".

    \b
    Examples:
      anzuelo search "modelo extranjero" --risk high
      anzuelo search --country CO --min-score 0.8 --json
    """
    from index import search as S
    from index.query import parse_args

    args = {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()}
    args["q"] = " ".join(query)
    args["size"] = args.pop("limit")
    q = parse_args(args)
    q.highlight = False  # the table shows titles; JSON users can ask the web API for fragments
    idx = _connect()
    try:
        result = S.search(idx, q)
    finally:
        idx.close()
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, default=str))
        return
    click.echo(render_table(result, shutil.get_terminal_size((120, 20)).columns))


def render_table(result, width: int = 120) -> str:
    """Readable table of hits: score, risk, title, URL and indicators, one ad per two lines."""
    from index import fields as F

    lines = [f"{result.total} ads match ({result.took_ms} ms); showing {len(result.hits)}"]
    if getattr(result, "relaxed", False):
        lines[0] = (f"{'No ad has' if not result.strict_total else f'Only {result.strict_total} ads have'} all of these "
                    f"words; showing {len(result.hits)} of {result.total} ads with some of them, best matches first "
                    f"({result.took_ms} ms)")
    if not result.hits:
        return lines[0]
    lines.append(f"{'SCORE':>5}  {'RISK':<6}  TITLE")
    for hit in result.hits:
        ad = hit.source
        score = f"{hit.score:.2f}" if hit.score is not None else "  -  "
        title = " ".join(str(ad.get(F.TITLE) or "(no title)").split())
        lines.append(f"{score:>5}  {str(ad.get(F.RISK) or '-'):<6}  {_cut(title, width - 15)}")
        detail = ad.get(F.URL) or ad.get(F.CANONICAL_URL) or ""
        if ad.get(F.INDICATORS):
            detail += "  [" + ", ".join(ad[F.INDICATORS]) + "]"
        lines.append(" " * 15 + _cut(detail, width - 15))
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    width = max(width, 20)
    return text if len(text) <= width else text[: width - 1] + "…"


commands = [search]

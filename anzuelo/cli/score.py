"""``anzuelo score``: score JSONL ads offline with the rules or a trained model."""

from __future__ import annotations

import json
import sys
from typing import IO, Any

import click

from anzuelo import settings
from anzuelo.errors import EXIT_PARTIAL, InputError


def _parse(line: str) -> tuple[dict[str, Any] | None, str]:
    """The ad on one JSONL line, or None and why it cannot be scored."""
    try:
        ad = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} (column {exc.colno})"
    if not isinstance(ad, dict):
        return None, "a line must hold a JSON object"
    if "text" not in ad:
        return None, "missing 'text' field"
    if not isinstance(ad["text"], str):
        return None, f"'text' must be a string, not {type(ad['text']).__name__}"
    return ad, ""


@click.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model folder holding config.json [default: the promoted version (anzuelo models), else the "
                   "built-in nlp/models/default, else rules only].")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None,
              help="Ads scored per batch [default: SCORE_BATCH_SIZE].")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Write results here instead of stdout.")
def score(file: IO[str], model_dir: str | None, batch_size: int | None, output: IO[str]) -> int:
    """Score job ads read as JSONL from FILE (or - for stdin).

    Each line is a JSON object with "text" (required) and optionally "title",
    "lang", "country", "id", "employer". Each output line is the input object
    plus score (0..1), risk (low/medium/high), indicators (name, evidence,
    start, end, weight; offsets into title + "\\n" + text), entities, lang and
    model_version, in input order. A bad line gives {"line": N, "error": ...}
    in its place and a message on stderr; the other lines are still scored.

    \b
    Exit codes: 0 all scored, 2 bad option or model, 4 some lines failed.
    Example:  anzuelo score ads.jsonl --output scored.jsonl
    """
    from nlp import Scorer

    scorer = Scorer.load(model_dir if model_dir is not None else settings.get("SCORE_MODEL_DIR"))
    size = batch_size or int(settings.get("SCORE_BATCH_SIZE"))
    failed = 0
    batch: list[tuple[int, dict]] = []
    lines = _progress(file)

    def flush() -> None:
        scores = scorer.score_batch([ad for _, ad in batch])
        for (_, ad), sc in zip(batch, scores):
            output.write(json.dumps({**ad, **sc.to_dict()}, ensure_ascii=False) + "\n")
        batch.clear()

    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        ad, error = _parse(line)
        if ad is None:
            flush()  # keep output in input order
            failed += 1
            click.echo(f"line {number}: {error}", err=True)
            output.write(json.dumps({"line": number, "error": error}) + "\n")
            continue
        batch.append((number, ad))
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    output.flush()
    if failed:
        click.echo(f"{failed} line(s) failed; their error lines are in the output", err=True)
    return EXIT_PARTIAL if failed else 0


def _progress(file: IO[str]):
    """The lines of ``file``, with a tqdm bar on stderr for a named file on a terminal."""
    if file is sys.stdin or getattr(file, "name", "-") in {"-", "<stdin>"} or not sys.stderr.isatty():
        return file
    from tqdm import tqdm

    return tqdm(file, desc="scoring", unit=" ads", file=sys.stderr)


_ = InputError  # errors raised by Scorer.load surface through anzuelo.cli.main
commands = [score]

"""``anzuelo queue``: which unlabelled ads to label next (logic in ``index.queue``, ``nlp.model.active``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from anzuelo import settings


def queue_settings() -> dict:
    """QUEUE_* as the command and the workbench read them (ANZUELO_QUEUE_POOL)."""
    return {"pool": int(settings.get("QUEUE_POOL"))}


@click.command("queue")
@click.option("--source", "sources", multiple=True, help="Only ads of this source (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Only ads in this language: es, en, pt, other (repeatable).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Ads to list.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True), default=None,
              help="Decision threshold to rank around [default: the model's medium threshold].")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Model folder whose threshold and training data to use [default: the promoted version].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def queue(sources: tuple[str, ...], langs: tuple[str, ...], limit: int, threshold: float | None,
          model_dir: Path | None, as_json: bool) -> None:
    """Unlabelled ads to label next: closest to the decision threshold first (|logit p - logit t|),
    one per near-duplicate group (same text or word 5-shingle Jaccard >= 0.5), with how many
    labels the model in use was trained on and how many are new since.

    Label them in the workbench (/queue: one click or a key per ad) or through the API."""
    from index import Index
    from index.queue import QueueQuery, queue_report
    from nlp.model.active import model_info

    info = model_info(model_dir)
    q = QueueQuery(threshold=threshold or info["threshold"], sources=sources, langs=langs, limit=limit,
                   pool=queue_settings()["pool"])
    idx = Index.connect(settings.engine_url(), prefix=str(settings.get("INDEX_PREFIX")))
    try:
        report = queue_report(idx, info, q)
    finally:
        idx.close()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(_header(report))
    if not report["items"]:
        click.echo("nothing to label: no unlabelled scored ads match")
        return
    click.echo(f"{'#':>3}  {'score':>6}  {'dist':>5}  {'similar':>7}  {'source':<18} {'lang':<4} title")
    for n, item in enumerate(report["items"], 1):
        ad = item["ad"]
        similar = f"+{item['similar']}" if item["similar"] else ""
        click.echo(f"{n:>3}  {ad.get('score', 0):>6.3f}  {item['distance']:>5.2f}  {similar:>7}"
                   f"  {str(ad.get('source', ''))[:18]:<18} {str(ad.get('lang', ''))[:4]:<4}"
                   f" {str(ad.get('title', ''))[:60]}"
                   f"  [{item['id']}]")


def _header(report: dict) -> str:
    m, labels = report["model"], report["labels"]
    trained = f"{m['n_train']} rows" if m.get("n_train") is not None else "unknown rows"
    if m.get("index_labels") is not None:
        trained += f", {m['index_labels']} of them index labels"
    since = f"since {labels['since']}" if labels["since"] else "(the built-in model learnt from no index labels)"
    return (f"model {m['version']}: trained on {trained} (data {m['data_fingerprint']}); "
            f"threshold {report['threshold']:g}\n"
            f"labels in the index: {labels['labelled']} ads, {labels['new_since_model']} new {since}\n"
            f"unlabelled scored ads: {report['unlabelled']} (ranked the {report['pool']} closest to the threshold)")


commands = [queue]

"""``anzuelo rescore``: re-score ads already indexed with the current (or a given) model.

A new model never touches the crawler: the next crawl scores new and changed
ads with it, and this command brings the rest up to date. Only the score
fields (and contacts found by the scorer) are updated, in bulk partial
updates, so labels, first_seen and evidence stay as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.errors import EXIT_OK, EXIT_PARTIAL

#: Fields read from each stored ad: the scorer's input plus the lists scores merge into.
READ = ("id", "title", "text", "lang", "country", "model_version", "phones", "whatsapp", "phones_unverified",
        "telegram", "emails", "email_domains", "urls", "domains", "handles", "ages", "cities", "countries_mentioned", "employer")
WRITE = ("score", "risk", "indicators", "indicator_hits", "entities", "model_version", "scored_at", "lang",
         "phones", "whatsapp", "phones_unverified", "telegram", "emails", "email_domains", "urls", "domains", "handles", "ages",
         "cities", "countries_mentioned", "employer")


def rescore_batch(client: Any, scorer: Any, ads: list[dict[str, Any]]) -> tuple[int, int]:
    """Score ``ads`` and write the new scores; (updated, failed)."""
    from crawler.pipelines.common import now_iso
    from crawler.pipelines.score import apply_score, scorer_input

    inputs = [scorer_input(a) for a in ads]
    try:
        scores = scorer.score_batch(inputs)
    except Exception:  # noqa: BLE001 - one bad ad must not sink the batch: retry one by one
        scores = []
        for one in inputs:
            try:
                scores.append(scorer.score_batch([one])[0])
            except Exception:  # noqa: BLE001
                scores.append(None)
    now, partials = now_iso(), {}
    for ad, score in zip(ads, scores, strict=True):
        if score is not None:
            updated = apply_score(dict(ad), score, now)
            partials[ad["id"]] = {k: updated[k] for k in WRITE if k in updated}
    failed = len(ads) - len(partials)
    if partials:
        result = client.update_partial_many(partials)
        failed += int(result.failed)
        return int(result.indexed), failed
    return 0, failed


@click.command()
@click.option("--model", type=click.Path(path_type=Path, file_okay=False), help="Model folder [default: bundled].")
@click.option("--source", help="Only ads of this source.")
@click.option("--all", "everything", is_flag=True, help="Also ads already scored by this model version.")
@click.option("--batch-size", type=click.IntRange(1, 5000), default=None, help="Ads per batch [default: SCORE_BATCH_SIZE].")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def rescore(model: Path | None, source: str | None, everything: bool, batch_size: int | None, as_json: bool) -> int:
    """Re-score indexed ads with the current model (default: those scored by another version)."""
    from tqdm import tqdm

    from anzuelo.cli.crawl import check_engine
    from crawler.pipelines.engine import connect
    from crawler.pipelines.score import load_scorer

    url, prefix = settings.engine_url(), str(settings.get("INDEX_PREFIX"))
    check_engine(url, prefix)
    client = connect(url, prefix)
    scorer = load_scorer(None, str(model) if model else settings.get("SCORE_MODEL_DIR"))
    version = scorer.score_batch([{"id": "probe", "title": "", "text": "probe", "lang": None, "country": None}])[0].model_version
    filters: list[dict] = [{"term": {"source": source}}] if source else []
    must_not = [] if everything else [{"term": {"model_version": version}}]
    body = {"query": {"bool": {"filter": filters, "must_not": must_not}}, "_source": list(READ), "sort": [{"id": "asc"}]}
    todo = client.count(body["query"])
    size = batch_size or int(settings.get("SCORE_BATCH_SIZE"))
    updated = failed = 0
    batch: list[dict[str, Any]] = []
    with tqdm(total=todo, unit="ad", desc="rescoring", disable=as_json or todo == 0) as bar:
        # The scan is sorted by id with search_after, so updates during it do not disturb paging.
        for ad in client.scan(body):
            batch.append(ad)
            if len(batch) >= size:
                u, f = rescore_batch(client, scorer, batch)
                updated, failed, batch = updated + u, failed + f, []
                bar.update(u + f)
        if batch:
            u, f = rescore_batch(client, scorer, batch)
            updated, failed = updated + u, failed + f
            bar.update(u + f)
    client.refresh()
    client.close()
    result = {"model_version": version, "candidates": todo, "rescored": updated, "failed": failed}
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"model {version}: {updated} of {todo} ads re-scored, {failed} failed")
    return EXIT_PARTIAL if failed else EXIT_OK


commands = [rescore]

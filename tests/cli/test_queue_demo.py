"""The label queue over the demo index (crawled and scored by the shipped model): ordered by distance
to the model's threshold, never two near-duplicates listed, every near-duplicate accounted for."""

from __future__ import annotations

import json

import pytest

from anzuelo.cli import main
from nlp.model.select import near_duplicate_groups

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_queue_on_the_demo_index(demo_index, monkeypatch, capsys):
    monkeypatch.setenv("ANZUELO_ENGINE_URL", demo_index.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", demo_index.prefix)
    capsys.readouterr()
    assert main(["queue", "--json", "--limit", "1000"]) == 0
    report = json.loads(capsys.readouterr().out)
    items = report["items"]
    print(f"demo queue: {report['unlabelled']} unlabelled, {len(items)} listed, "
          f"{sum(i['similar'] for i in items)} near-duplicates folded, threshold {report['threshold']}")
    assert items and report["unlabelled"] == len(items) + sum(i["similar"] for i in items) + report["covered"]
    distances = [i["distance"] for i in items]
    assert distances == sorted(distances)
    texts = [f"{i['ad'].get('title') or ''}\n{i['ad'].get('text') or ''}" for i in items]
    groups = near_duplicate_groups(texts, [i["ad"].get("content_hash") or i["id"] for i in items])
    assert len(set(groups.tolist())) == len(items)  # no two listed ads are near-duplicates
    assert all(i["ad"].get("label") is None for i in items)

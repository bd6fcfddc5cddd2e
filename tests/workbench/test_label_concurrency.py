"""Concurrent label saves on one ad against the real engine: every accepted label is kept, no 503."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.workbench.helpers import api_client, engine_app
from workbench.labels import ConflictError, apply_label

pytestmark = pytest.mark.integration


def test_20_concurrent_label_saves_keep_20_entries(engine, tmp_path):
    app, backend = engine_app(engine, tmp_path)
    clients = [api_client(app, "labeller") for _ in range(20)]

    def save(n: int):
        label = ("deceptive", "unsure", "legitimate")[n % 3]
        return clients[n].post("/api/ads/ring-a-1/label", json={"label": label, "note": f"note {n}"})

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(save, range(20)))
    assert [r.status_code for r in results] == [200] * 20, [r.text for r in results if r.status_code != 200]
    history = backend.get_ad("ring-a-1")["labels"]
    assert sorted(h["note"] for h in history) == sorted(f"note {n}" for n in range(20))
    assert backend.get_ad("ring-a-1")["label"] == history[-1]["label"]  # latest verdict = last entry


def test_label_save_retries_after_a_concurrent_write(engine, tmp_path):
    # Another writer (a re-crawl, a second labeller) changes the ad between our read and write.
    _, backend = engine_app(engine, tmp_path)
    read = backend.get_ad_versioned
    raced = []

    def read_then_race(ad_id):
        ad, version = read(ad_id)
        if not raced:
            raced.append(version)
            apply_label(backend, ad_id, "unsure", "the other labeller", "luis")
        return ad, version

    backend.get_ad_versioned = read_then_race
    apply_label(backend, "ring-b-1", "deceptive", "mine", "ana")
    notes = [h["note"] for h in backend.get_ad("ring-b-1")["labels"]]
    assert notes == ["the other labeller", "mine"]


def test_label_save_gives_up_with_conflict_not_engine_error(engine, tmp_path):
    _, backend = engine_app(engine, tmp_path)
    stale = backend.get_ad_versioned("ring-c-1")
    backend.update_ad("ring-c-1", {"label": "unsure"})  # the version read above is now stale
    backend.get_ad_versioned = lambda ad_id: stale  # every retry reads the stale version
    with pytest.raises(ConflictError):
        apply_label(backend, "ring-c-1", "deceptive", "", "ana", retries=2)

"""workbench.labels: labels stored with history; training rows for deceptive/legitimate only."""

from __future__ import annotations

import pytest

from anzuelo.errors import InputError
from tests.workbench.fake_backend import FakeBackend
from tests.workbench.seed_ads import seed_ads
from workbench.labels import apply_label, export_rows


@pytest.fixture
def backend(tmp_path):
    return FakeBackend(seed_ads(tmp_path))


def test_labels_keep_history(backend):
    apply_label(backend, "ring-a-1", "unsure", "check the number", "ana")
    apply_label(backend, "ring-a-1", "deceptive", "same number as ring A", "luis")
    ad = backend.get_ad("ring-a-1")
    assert ad["label"] == "deceptive"
    assert [(h["label"], h["user"]) for h in ad["labels"]] == [("unsure", "ana"), ("deceptive", "luis")]


def test_unknown_label_and_ad_are_input_errors(backend):
    with pytest.raises(InputError):
        apply_label(backend, "ring-a-1", "maybe", "", "ana")
    with pytest.raises(InputError):
        apply_label(backend, "nope", "deceptive", "", "ana")


def test_export_rows_for_training(backend):
    apply_label(backend, "ring-a-1", "deceptive", "ring A", "ana")
    apply_label(backend, "legit-1", "legitimate", "real firm", "ana")
    apply_label(backend, "mid-1", "unsure", "", "ana")
    rows = {r["id"]: r for r in export_rows(backend)}
    assert set(rows) == {"ring-a-1", "legit-1"}
    row = rows["ring-a-1"]
    assert row["label"] == 1 and rows["legit-1"]["label"] == 0
    assert row["category"] == "investigator_label" and row["note"] == "ring A"
    assert {"id", "lang", "country", "title", "text", "label", "category", "indicators", "note"} <= set(row)

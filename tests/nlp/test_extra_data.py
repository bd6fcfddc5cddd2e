"""data/extra: every JSONL file (training and held-out) is well formed, and the held-out split does not leak.

Files are found by glob at collection time, so a new ``data/extra/<name>.jsonl`` or ``heldout/<name>-test.jsonl``
is covered without editing this test. Checked per file: every non-empty line is a JSON object, ``label`` is 0 or 1,
every indicator is in the vocabulary. Across files: ids are unique, and no held-out id, text or ``group`` (one
message written in several languages) is in a training file.
The split script itself is tested on temporary files.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from nlp.features import INDICATOR_NAMES

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ROOT / "data" / "extra"
TRAIN_FILES = sorted(EXTRA.glob("*.jsonl"))
HELDOUT_FILES = sorted((EXTRA / "heldout").glob("*.jsonl"))
ALL_FILES = TRAIN_FILES + HELDOUT_FILES


def _rows(path: Path) -> list[tuple[int, object]]:
    """(line number, parsed value) for every non-empty line; a parse failure is reported with its line."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.relative_to(ROOT)}:{lineno}: not valid JSON ({exc.msg})")
    return out


def _ids(paths: list[Path]) -> Counter:
    return Counter(row["id"] for path in paths for _, row in _rows(path))


def test_extra_data_files_found():
    # The glob must see the files make model trains on; an empty glob would make every check below vacuous.
    names = {p.name for p in TRAIN_FILES}
    assert {"messages.jsonl", "chat-lures.jsonl", "chat-legit.jsonl"} <= names
    assert (EXTRA / "heldout" / "messy-test.jsonl") in HELDOUT_FILES


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(EXTRA)))
def test_extra_data_rows_valid(path: Path):
    rows = _rows(path)
    assert rows, f"{path.name} is empty"
    bad = []
    for lineno, row in rows:
        where = f"{path.relative_to(ROOT)}:{lineno}"
        if not isinstance(row, dict):
            bad.append(f"{where}: not a JSON object")
            continue
        if not isinstance(row.get("id"), str) or not row["id"]:
            bad.append(f"{where}: missing string id")
        # bool is an int subclass: True would pass `in (0, 1)`, but the schema says 0/1 integers.
        if type(row.get("label")) is not int or row["label"] not in (0, 1):
            bad.append(f"{where}: label {row.get('label')!r} is not 0 or 1")
        inds = row.get("indicators")
        if not isinstance(inds, list):
            bad.append(f"{where}: indicators is not a list")
        else:
            unknown = [i for i in inds if i not in INDICATOR_NAMES]
            if unknown:
                bad.append(f"{where}: indicators not in the vocabulary: {unknown}")
            if len(set(inds)) != len(inds):
                bad.append(f"{where}: indicator listed twice: {inds}")
    assert not bad, "\n".join(bad)


def test_extra_data_ids_unique_across_files():
    dupes = {i: n for i, n in _ids(ALL_FILES).items() if n > 1}
    assert not dupes, f"ids used more than once in data/extra: {sorted(dupes)[:20]}"


def test_extra_data_heldout_never_in_training():
    train_ids = _ids(TRAIN_FILES)
    held_ids = _ids(HELDOUT_FILES)
    assert not set(train_ids) & set(held_ids), sorted(set(train_ids) & set(held_ids))[:20]
    # The same message under a new id would leak just as well.
    train_texts = {row["text"].strip() for p in TRAIN_FILES for _, row in _rows(p)}
    leaked = [row["id"] for p in HELDOUT_FILES for _, row in _rows(p) if row["text"].strip() in train_texts]
    assert not leaked, f"held-out texts also in training files: {leaked[:20]}"
    train_groups = {row["group"] for p in TRAIN_FILES for _, row in _rows(p) if row.get("group")}
    split_groups = sorted({row["group"] for p in HELDOUT_FILES for _, row in _rows(p) if row.get("group") in train_groups})
    assert not split_groups, f"groups on both sides of the split: {split_groups[:20]}"


def _split_module():
    spec = importlib.util.spec_from_file_location("extra_split", EXTRA / "split.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_extra_data_split_by_id_and_idempotent(tmp_path: Path):
    split = _split_module()
    ids = [f"chat-lure-xx-{n:04d}" for n in range(1, 41)]
    src = tmp_path / "chat-demo.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": i, "label": 1}) + "\n" for i in ids), encoding="utf-8")
    assert split.main([str(src)]) == 0
    test = tmp_path / "heldout" / "chat-demo-test.jsonl"
    held = [json.loads(line)["id"] for line in test.read_text(encoding="utf-8").splitlines()]
    kept = [json.loads(line)["id"] for line in src.read_text(encoding="utf-8").splitlines()]
    assert held == [i for i in ids if split.is_heldout(i)] and 0 < len(held) < len(ids)
    assert kept == [i for i in ids if not split.is_heldout(i)]
    before = (src.read_bytes(), test.read_bytes())
    assert split.main([str(src), "--check"]) == 0
    assert split.main([str(src)]) == 0
    assert (src.read_bytes(), test.read_bytes()) == before


def test_extra_data_split_keeps_a_group_together(tmp_path: Path):
    split = _split_module()
    # One held-out and one training group key, found by the rule itself so the test does not hard-code hashes.
    keys = [f"fam-{n}" for n in range(40)]
    held_key = next(k for k in keys if split.is_heldout(k))
    kept_key = next(k for k in keys if not split.is_heldout(k))
    ids = [f"chat-lure-xx-{n:04d}" for n in range(1, 13)]
    rows = [{"id": i, "text": i, "label": 1, "group": held_key if n % 2 else kept_key} for n, i in enumerate(ids)]
    src = tmp_path / "chat-fam.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert split.main([str(src)]) == 0
    held = {json.loads(line)["group"] for line in (tmp_path / "heldout" / "chat-fam-test.jsonl").read_text().splitlines()}
    kept = {json.loads(line)["group"] for line in src.read_text(encoding="utf-8").splitlines()}
    assert held == {held_key} and kept == {kept_key}


def test_extra_data_split_rejects_bad_input(tmp_path: Path, capsys):
    split = _split_module()
    bad = tmp_path / "chat-bad.jsonl"
    bad.write_text('{"id": "a", "label": 1}\n{"label": 0\n', encoding="utf-8")
    assert split.main([str(bad)]) == 2
    assert "chat-bad.jsonl:2" in capsys.readouterr().err
    frozen = tmp_path / "messages.jsonl"
    frozen.write_text('{"id": "a"}\n', encoding="utf-8")
    assert split.main([str(frozen)]) == 2

"""Split data/extra JSONL files into a training part and a held-out part, by id.

A row is held out iff ``int(sha1(key).hexdigest(), 16) % 4 == 0``, where the key is the row's ``group`` if it has
one, else its ``id``. ``group`` ties together rows that are versions of one message (the same lure written in es, pt
and en): with multilingual encoders a translation on the training side would leak into the held-out test, so a
group stays on one side. Rows without ``group`` are split by id alone. The rule looks only at these fields, so the
split is stable when rows are added or edited: a row never changes side, and rerunning the script changes nothing.

For each file ``data/extra/<name>.jsonl`` given, the rows of that file and of ``data/extra/heldout/<name>-test.jsonl``
(if it exists) are merged, split again, and both files are rewritten (rows keep their order). The held-out part is
never trained on: ``make model`` reads ``data/extra/*.jsonl`` only.

Usage: python data/extra/split.py data/extra/chat-lures.jsonl data/extra/chat-legit.jsonl [--check]

``--check`` rewrites nothing and exits 1 if any file is not split as the rule says. Exit codes: 0 ok, 1 not split
(with --check), 2 bad input (unreadable file, bad JSON, missing or duplicate id; the message names file and line).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HELDOUT_DIR = "heldout"
# messages.jsonl predates this rule: its held-out half is heldout/messy-test.jsonl, split by a seeded stratified
# draw. Re-splitting it by id would move rows the published messy-test numbers depend on.
FROZEN = {"messages.jsonl"}


class BadInput(Exception):
    """Input that cannot be split; the message names the file and line."""


def is_heldout(key: str) -> bool:
    """True if a row with this split key (its ``group``, else its ``id``) belongs to the held-out part."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 4 == 0


def heldout_path(path: Path) -> Path:
    return path.parent / HELDOUT_DIR / f"{path.stem}-test.jsonl"


def read_rows(path: Path) -> list[tuple[str, str, str]]:
    """(id, split key, raw line) for every non-empty line; raw lines are kept so a rewrite changes nothing else."""
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
            rid = row.get("id") if isinstance(row, dict) else None
            if not isinstance(rid, str) or not rid:
                raise BadInput(f"{path}:{lineno}: row has no string 'id'")
            group = row.get("group")
            if group is not None and (not isinstance(group, str) or not group):
                raise BadInput(f"{path}:{lineno}: 'group' must be a non-empty string when present")
            rows.append((rid, group or rid, line.rstrip("\n")))
    return rows


def split_file(path: Path, check: bool = False) -> tuple[int, int, bool]:
    """Split one file; returns (training rows, held-out rows, whether anything was or would be moved)."""
    if path.name in FROZEN:
        raise BadInput(f"{path}: has its own older split (heldout/messy-test.jsonl); leave it as it is")
    if path.suffix != ".jsonl" or path.parent.name == HELDOUT_DIR:
        raise BadInput(f"{path}: give the training file data/extra/<name>.jsonl, not a held-out file")
    test = heldout_path(path)
    train_rows, test_rows = read_rows(path), read_rows(test)
    seen: dict[str, str] = {}
    for src, rows in ((path, train_rows), (test, test_rows)):
        for rid, _, _ in rows:
            if rid in seen:
                raise BadInput(f"{src}: id {rid!r} appears twice (also in {seen[rid]})")
            seen[rid] = str(src)
    merged = train_rows + test_rows
    new_train = [line for _, key, line in merged if not is_heldout(key)]
    new_test = [line for _, key, line in merged if is_heldout(key)]
    moved = new_train != [line for _, _, line in train_rows] or new_test != [line for _, _, line in test_rows]
    if moved and not check:
        path.write_text("".join(line + "\n" for line in new_train), encoding="utf-8")
        if new_test or test.exists():
            test.parent.mkdir(exist_ok=True)
            test.write_text("".join(line + "\n" for line in new_test), encoding="utf-8")
    return len(new_train), len(new_test), moved


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if a != "--check"]
    if not names or any(a.startswith("-") for a in names):
        print("usage: python data/extra/split.py data/extra/<name>.jsonl [...] [--check]", file=sys.stderr)
        return 2
    unsplit = False
    for name in names:
        try:
            train, test, moved = split_file(Path(name), check)
        except (BadInput, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        state = ("NOT SPLIT" if check else "rewritten") if moved else "already split"
        print(f"{name}: {train} training, {test} held out ({state})")
        unsplit |= moved
    return 1 if check and unsplit else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

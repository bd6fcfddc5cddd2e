"""Loading labelled examples for training and evaluation: JSONL and CSV.

JSONL rows follow ``data/labelled`` (id, lang, title, text, label, indicators,
...). CSV rows need a ``label`` (or EMSCAD's ``fraudulent``) column and either a
``text`` column or EMSCAD's title/company_profile/description/requirements/
benefits columns. Bad rows are reported with their line number and skipped, so
one broken line never costs a whole training run.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from anzuelo.errors import InputError

log = logging.getLogger(__name__)

#: EMSCAD columns joined (in this order) into the text of a CSV row.
EMSCAD_TEXT_COLUMNS = ("company_profile", "description", "requirements", "benefits")


@dataclass
class Example:
    """One labelled ad as the model sees it."""

    id: str
    text: str  # the scored text: title + "\n" + text (text alone without a title)
    label: int
    lang: str = "und"
    indicators: list[str] | None = None  # gold indicator names, None when unknown
    group: str = ""  # CV group: rows sharing it never straddle train and test
    source: str = ""  # file name, to tell domains apart in reports
    meta: dict = field(default_factory=dict)


def scored_text(title: str | None, text: str | None) -> str:
    """The text the scorer reads: ``title + "\\n" + text``, or the text alone."""
    title, text = (title or "").strip(), (text or "").strip()
    return f"{title}\n{text}" if title else text


def _label(value: object) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip() in {"0", "1"}:
        return int(value.strip())
    raise ValueError(f"label must be 0 or 1, got {value!r}")


def _read_jsonl(path: Path, bad: list[str]) -> list[Example]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = scored_text(row.get("title"), row.get("text"))
                if not text:
                    raise ValueError("empty title and text")
                inds = row.get("indicators")
                out.append(Example(
                    id=str(row.get("id") or f"{path.stem}-{lineno}"), text=text, label=_label(row.get("label")),
                    lang=row.get("lang") or "und", indicators=list(inds) if inds is not None else None,
                    group=str(row.get("group") or row.get("id") or f"{path.stem}-{lineno}"), source=path.name,
                    meta={k: row[k] for k in ("category", "platform", "difficulty", "country") if k in row},
                ))
            except (ValueError, TypeError, AttributeError) as exc:
                bad.append(f"{path}:{lineno}: {exc}")
    return out


def _read_csv(path: Path, bad: list[str]) -> list[Example]:
    csv.field_size_limit(sys.maxsize)
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = set(reader.fieldnames or [])
        label_col = "label" if "label" in cols else "fraudulent" if "fraudulent" in cols else None
        if label_col is None or not ({"text"} & cols or set(EMSCAD_TEXT_COLUMNS) & cols):
            raise InputError(f"{path}: CSV needs a label (or fraudulent) column and a text column",
                             "add a header row with 'text' and 'label' columns (or use EMSCAD's columns)")
        for row in reader:
            lineno = reader.line_num  # physical line where the row ends
            try:
                if "text" in cols:
                    body = row.get("text") or ""
                else:
                    body = "\n".join(row[c].strip() for c in EMSCAD_TEXT_COLUMNS if row.get(c) and row[c].strip())
                text = scored_text(row.get("title"), body)
                if not text:
                    raise ValueError("empty text")
                rid = row.get("id") or row.get("job_id") or f"{path.stem}-{lineno}"
                # Postings of one company share boilerplate: group on its profile.
                group = (row.get("company_profile") or "").strip()[:200] or row.get("title") or rid
                out.append(Example(id=f"{path.stem}-{rid}", text=text, label=_label(row.get(label_col)),
                                   lang=row.get("lang") or "en", group=f"{path.stem}:{group}", source=path.name))
            except (ValueError, TypeError) as exc:
                bad.append(f"{path}:{lineno}: {exc}")
    return out


def load_examples(paths: list[str | Path], *, report=None) -> list[Example]:
    """Read every file in ``paths`` (``.jsonl``/``.json`` or ``.csv``) into examples.

    Bad rows are skipped; each is reported as ``file:line: reason`` through
    ``report`` (default: a log warning). Raises ``InputError`` when a file is
    missing or nothing usable was read.
    """
    report = report or log.warning
    examples: list[Example] = []
    for p in map(Path, paths):
        if not p.is_file():
            raise InputError(f"data file not found: {p}", "check the path (JSONL like data/labelled or CSV)")
        bad: list[str] = []
        if p.suffix.lower() == ".csv":
            examples += _read_csv(p, bad)
        elif p.suffix.lower() in {".jsonl", ".json", ".ndjson"}:
            examples += _read_jsonl(p, bad)
        else:
            raise InputError(f"unknown data format: {p}", "use .jsonl (like data/labelled) or .csv with text,label")
        for msg in bad:
            report(f"skipped bad row {msg}")
    if not examples:
        raise InputError("no usable labelled rows in the data given", "check the files' format and labels")
    return examples

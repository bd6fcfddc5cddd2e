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
    kind: str = "posting"  # "chat" (WhatsApp/SMS/Telegram/social message) or "posting" (job board, classifieds)
    origin: str = ""  # where the text was published (board, outlet): the leave-one-source-out group
    employer: str | None = None  # the employer the page names (JSON-LD hiringOrganization, page fields)


def scored_text(title: str | None, text: str | None) -> str:
    """The text the scorer reads: ``title + "\\n" + text``, or the text alone."""
    title, text = (title or "").strip(), (text or "").strip()
    return f"{title}\n{text}" if title else text


#: Channels and platforms whose texts are chat messages rather than postings.
CHAT_CHANNELS = frozenset({"whatsapp", "sms", "telegram", "facebook", "instagram", "tiktok", "messenger", "signal",
                           "email", "messaging_forward", "social_post", "chat"})


def text_kind(row: dict) -> str:
    """``chat`` or ``posting``: the row's ``kind`` when it says so, else its channel or platform."""
    if row.get("kind") in ("chat", "posting"):
        return row["kind"]
    channel = str(row.get("channel") or row.get("platform") or "").lower()
    return "chat" if channel in CHAT_CHANNELS else "posting"


def origin_of(row: dict, path: Path) -> str:
    """Where a row was published: its board (``source`` of real postings), the outlet that quoted it
    (``source_url`` of real lures, by host), or the file it came from (our own written data)."""
    if row.get("source_url"):
        from urllib.parse import urlsplit

        url = str(row["source_url"])
        return urlsplit(url).hostname or url.split("@")[0]  # "github:owner/repo@commit:path" -> the repo
    if row.get("repo") and row.get("source"):  # real postings: the board
        return str(row["source"])
    return path.name


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
                    meta={k: row[k] for k in ("category", "platform", "difficulty", "country", "channel") if k in row},
                    kind=text_kind(row), origin=origin_of(row, path),
                    employer=(str(row["employer"]).strip() or None) if row.get("employer") else None,
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
                                   lang=row.get("lang") or "en", group=f"{path.stem}:{group}", source=path.name,
                                   origin=path.name, employer=(row.get("employer") or None)))
            except (ValueError, TypeError) as exc:
                bad.append(f"{path}:{lineno}: {exc}")
    return out


#: Files of the real corpus (``../shared/data/real``): real postings and real quoted lures.
REAL_FILES = ("postings.jsonl", "lures.jsonl")


def load_real(real_dir: str | Path, *, report=None) -> list[Example]:
    """The real corpus in ``real_dir``; a clear error naming what is missing."""
    d = Path(real_dir)
    missing = [f for f in REAL_FILES if not (d / f).is_file()]
    if missing:
        raise InputError(f"real corpus incomplete: {', '.join(missing)} not found in {d}",
                         "point --real at ../shared/data/real (real postings and lures, kept outside the repo), "
                         "or train without --real (no leave-one-source-out numbers then)")
    return load_examples([d / f for f in REAL_FILES], report=report)


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

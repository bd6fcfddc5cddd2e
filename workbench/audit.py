"""The audit log: who searched, viewed, labelled or exported what, and when.

Entries go to the ``audit`` store of the index layer. A failed audit write is
not swallowed: an export or label that cannot be audited must not happen.
Writes are synchronous but not refreshed (a refresh per search tripled the
API latency); ``query`` refreshes the store first, so readers see every entry.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any


AUDIT = "audit"
FIELDS = ("at", "user", "role", "action", "target", "detail")


def record(backend: Any, user: Any, action: str, target: str = "", detail: str = "") -> None:
    """Append one entry: ``action`` (search, view, label, export, ...) on ``target``."""
    entry = {
        # Milliseconds: entries of one second (login, then the first search) must keep their order.
        "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "user": getattr(user, "name", str(user or "")),
        "role": getattr(user, "role", ""),
        "action": action,
        "target": str(target)[:500],
        "detail": str(detail)[:2000],
    }
    # The id only needs to be unique; readers sort on "at".
    backend.put_doc(AUDIT, uuid.uuid1().hex, entry, refresh=False)


def query(backend: Any, *, user: str = "", action: str = "", size: int = 200) -> list[dict[str, Any]]:
    """Newest entries first, optionally only one user's or one action's."""
    filters = [{"term": {k: v}} for k, v in (("user", user), ("action", action)) if v]
    body = {
        "query": {"bool": {"filter": filters}} if filters else {"match_all": {}},
        "sort": [{"at": {"order": "desc"}}],
        "size": size,
    }
    backend.refresh_docs(AUDIT)  # entries are written without refresh
    return backend.search_docs(AUDIT, body)


def to_csv(entries: list[dict[str, Any]]) -> Iterator[str]:
    """CSV lines (header first) of audit entries, with formula injection neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(FIELDS)
    yield buf.getvalue()
    for entry in entries:
        buf.seek(0)
        buf.truncate()
        writer.writerow([csv_cell(entry.get(f, "")) for f in FIELDS])
        yield buf.getvalue()


#: Characters that make a spreadsheet read a cell as a formula, ASCII and full-width (Excel folds ＝ to =).
FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: Leading characters some spreadsheets skip before looking for a formula.
_SKIPPED = "\t\r\n\x00 \u3000"


def csv_cell(value: Any) -> str:
    """A CSV-safe cell: anything a spreadsheet could run as a formula gets a leading quote.

    That is a formula character first, or after leading tabs, line feeds,
    carriage returns, NULs or spaces (which some spreadsheets skip), and any
    cell starting with such a control character at all. NULs are dropped:
    they end the cell in some readers and hide what follows.
    """
    text = "" if value is None else str(value)
    if text[:1] in _SKIPPED[:4] or text.lstrip(_SKIPPED)[:1] in FORMULA_START:
        text = "'" + text
    return text.replace("\x00", "")

"""A durable local spool for documents the engine could not take (down, 429, 503).

When a bulk write fails because the engine is unreachable or overloaded, the
documents are appended here instead of being lost, and ``index.replay`` sends
them again, in order, once the engine is back.

Layout of the spool folder (``ANZUELO_SPOOL_DIR``, default ``<state>/spool``)::

    seg-000001.log   sealed segment, being replayed (or waiting for it)
    seg-000001.ack   byte offset up to which the engine acknowledged that segment
    seg-000002.log   the active segment: writers append to the highest number

Each record is one line, ``<crc32 hex> <json>``; the JSON carries ``op``
(``upsert``: partial upsert, ``update``: partial update, ``index``: whole
document), ``index`` (the target alias), ``id`` (the engine ``_id``),
``reason`` (``unreachable``, ``429``, ``503``), ``at`` and ``doc``. A write is
``O_APPEND``, one ``write`` per batch under an exclusive lock, then ``fsync``
(and the folder is fsync'd when a segment is created), so a record the caller
was told is spooled survives a crash or power loss. A process killed mid-write
leaves a line without its newline or with a wrong checksum: readers skip and
count it (``torn``), and the next writer first ends that line so it cannot
swallow the next record.
"""

from __future__ import annotations

import fcntl
import json
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from anzuelo import settings

#: Operations a record may carry (``upsert`` is what the crawler writes: labels survive a replay).
OPS = ("upsert", "update", "index")
#: Why documents are spooled: engine not answering, or answering "overloaded"/"unavailable".
REASON_UNREACHABLE = "unreachable"


@dataclass
class Record:
    """One spooled write; ``end`` is the byte offset just after its line in its segment."""

    op: str
    index: str
    id: str
    doc: dict[str, Any]
    reason: str = REASON_UNREACHABLE
    at: str = ""
    end: int = 0

    def line(self) -> bytes:
        body = json.dumps({"op": self.op, "index": self.index, "id": self.id, "reason": self.reason,
                           "at": self.at, "doc": self.doc}, ensure_ascii=False, default=str,
                          separators=(",", ":")).encode("utf-8")
        return b"%08x " % zlib.crc32(body) + body + b"\n"


def parse_line(raw: bytes) -> Record | None:
    """The record of one complete line (without its newline), or None when it is torn or corrupt."""
    crc, _, body = raw.partition(b" ")
    try:
        if len(crc) != 8 or int(crc, 16) != zlib.crc32(body):
            return None
        data = json.loads(body)
        if data.get("op") not in OPS or not data.get("id") or not data.get("index"):
            return None
        return Record(data["op"], data["index"], str(data["id"]), data.get("doc") or {},
                      data.get("reason", REASON_UNREACHABLE), data.get("at", ""))
    except (ValueError, AttributeError):
        return None


@dataclass
class SpoolStatus:
    """What is waiting: records, their reasons and target indexes, torn lines, oldest record."""

    folder: str
    records: int = 0
    bytes: int = 0
    segments: int = 0
    torn: int = 0
    oldest: str | None = None
    reasons: dict[str, int] = field(default_factory=dict)
    indexes: dict[str, int] = field(default_factory=dict)


class Spool:
    """Append-only, fsync'd segments in ``folder``; see the module docstring."""

    def __init__(self, folder: Path, segment_bytes: int = settings.SPOOL_SEGMENT_BYTES) -> None:
        self.folder = Path(folder)
        self.segment_bytes = int(segment_bytes)

    # --- segments and locks ---------------------------------------------------
    def segments(self) -> list[Path]:
        """Segment files, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("seg-*.log"))

    def segment(self, number: int) -> Path:
        return self.folder / f"seg-{number:06d}.log"

    @staticmethod
    def number(path: Path) -> int:
        return int(path.stem.split("-")[1])

    @contextmanager
    def lock(self, name: str, wait: bool = True) -> Iterator[bool]:
        """Exclusive ``flock`` on ``.<name>.lock``; yields False (not held) when busy and not ``wait``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f".{name}.lock", "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def new_segment(self) -> Path:
        """Create the next (empty) segment and make its name durable; call under the append lock."""
        segs = self.segments()
        path = self.segment(self.number(segs[-1]) + 1 if segs else 1)
        path.touch()
        _fsync_dir(self.folder)
        return path

    # --- writing ----------------------------------------------------------------
    def append(self, records: list[Record]) -> int:
        """Write ``records`` durably (fsync'd before returning); how many were written."""
        if not records:
            return 0
        at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        data = b"".join(Record(r.op, r.index, r.id, r.doc, r.reason, r.at or at).line() for r in records)
        with self.lock("append"):
            segs = self.segments()
            path = segs[-1] if segs and segs[-1].stat().st_size < self.segment_bytes else self.new_segment()
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            try:
                if _ends_torn(path):  # a writer died mid-line: close that line so ours stays whole
                    data = b"\n" + data
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        return len(records)

    # --- reading ----------------------------------------------------------------
    def read(self, path: Path, start: int = 0) -> tuple[list[Record], int]:
        """Records of one segment from byte ``start``; (records, torn lines skipped)."""
        try:
            with open(path, "rb") as fh:
                fh.seek(start)
                data = fh.read()
        except FileNotFoundError:
            return [], 0
        records, torn, offset = [], 0, start
        for raw in data.split(b"\n")[:-1]:  # the piece after the last newline is torn (or empty)
            offset += len(raw) + 1
            rec = parse_line(raw)
            if rec is None:
                torn += 1
                continue
            rec.end = offset
            records.append(rec)
        if not data.endswith(b"\n") and data:
            torn += 1
        return records, torn

    def acked(self, path: Path) -> int:
        """Byte offset of ``path`` the engine has acknowledged (0 when none)."""
        try:
            return int(path.with_suffix(".ack").read_text(encoding="ascii").strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def ack(self, path: Path, offset: int) -> None:
        """Record durably that ``path`` is acknowledged up to ``offset`` (tmp file, fsync, rename)."""
        tmp = path.with_suffix(".ack.tmp")
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(str(offset))
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path.with_suffix(".ack"))

    def drop(self, path: Path) -> None:
        """Remove a fully acknowledged segment and its cursor."""
        path.unlink(missing_ok=True)
        path.with_suffix(".ack").unlink(missing_ok=True)
        _fsync_dir(self.folder)

    def pending(self) -> bool:
        """True when some segment holds unacknowledged bytes (cheap: sizes only)."""
        return any(p.stat().st_size > self.acked(p) for p in self.segments())

    def status(self) -> SpoolStatus:
        """Counts over every unacknowledged record (reads the whole spool)."""
        out = SpoolStatus(str(self.folder))
        reasons: Counter[str] = Counter()
        indexes: Counter[str] = Counter()
        for path in self.segments():
            start = self.acked(path)
            records, torn = self.read(path, start)
            out.torn += torn
            out.bytes += max(0, path.stat().st_size - start)
            out.segments += 1 if records or torn else 0
            for rec in records:
                out.records += 1
                reasons[rec.reason] += 1
                indexes[rec.index] += 1
                out.oldest = min(out.oldest or rec.at, rec.at)
        out.reasons, out.indexes = dict(reasons), dict(indexes)
        return out


def _ends_torn(path: Path) -> bool:
    size = path.stat().st_size
    if not size:
        return False
    with open(path, "rb") as fh:
        fh.seek(size - 1)
        return fh.read(1) != b"\n"


def _fsync_dir(folder: Path) -> None:
    # A new or removed file name is durable only once its folder is fsync'd.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

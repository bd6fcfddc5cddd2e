"""Seen-store: what each crawl has already found, so unchanged ads cost nothing.

One sqlite file (``<state>/seen.sqlite``) keyed by canonical URL, holding the
content hash last *indexed*, first/last seen times, the source, the status
(``online`` | ``gone``) and the model version the indexed copy was scored with
(``""`` when it was indexed unscored, NULL when unknown: rows written before
versions were recorded). The engine stays the record investigators read; this
store only lets the crawler decide new / changed / unchanged without a round
trip per ad. A hash is cleared (``forget``) when indexing an ad failed, so the
next crawl sends it again instead of trusting a write that never happened.

All methods run on the thread that calls them; a lock makes the connection
safe to share with the pipelines' worker threads.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    canonical_url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'online',
    gone_at TEXT,
    model_version TEXT
);
CREATE INDEX IF NOT EXISTS seen_source ON seen (source, last_seen);
"""


@dataclass(frozen=True)
class SeenAd:
    """One row of the seen-store."""

    canonical_url: str
    source: str
    content_hash: str
    first_seen: str
    last_seen: str
    status: str
    gone_at: str | None = None
    model_version: str | None = None  # "" indexed unscored; None unknown (older store)


class SeenStore:
    """The sqlite seen-store of one crawl state folder."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # WAL lets a crawl subprocess and ``anzuelo runs`` read while one writes.
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(seen)")}
        if "model_version" not in columns:  # a store from before versions were recorded: rows stay NULL
            self._db.execute("ALTER TABLE seen ADD COLUMN model_version TEXT")

    @classmethod
    def in_dir(cls, state_dir: Path | str) -> "SeenStore":
        """The store kept in crawl state folder ``state_dir``."""
        return cls(Path(state_dir) / "seen.sqlite")

    def get(self, canonical_url: str) -> SeenAd | None:
        """The row of ``canonical_url`` or None when never seen."""
        with self._lock:
            row = self._db.execute(
                "SELECT canonical_url, source, content_hash, first_seen, last_seen, status, gone_at, model_version"
                " FROM seen WHERE canonical_url = ?",
                (canonical_url,),
            ).fetchone()
        return SeenAd(*row) if row else None

    def upsert(self, canonical_url: str, source: str, content_hash: str, first_seen: str, now: str) -> None:
        """Record an ad seen at ``now`` with ``content_hash``, keeping an older first_seen."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO seen (canonical_url, source, content_hash, first_seen, last_seen, status)"
                " VALUES (?, ?, ?, ?, ?, 'online')"
                " ON CONFLICT(canonical_url) DO UPDATE SET source = excluded.source,"
                " content_hash = excluded.content_hash, last_seen = excluded.last_seen,"
                " status = 'online', gone_at = NULL",
                (canonical_url, source, content_hash, first_seen, now),
            )

    def touch(self, canonical_urls: list[str], now: str) -> None:
        """Refresh last_seen (and status online) of unchanged ads."""
        with self._lock, self._db:
            self._db.executemany(
                "UPDATE seen SET last_seen = ?, status = 'online', gone_at = NULL WHERE canonical_url = ?",
                [(now, url) for url in canonical_urls],
            )

    def forget(self, canonical_urls: list[str]) -> None:
        """Clear the hash (and model version) of ads whose indexing failed, so the next crawl resends them."""
        with self._lock, self._db:
            self._db.executemany(
                "UPDATE seen SET content_hash = '', model_version = NULL WHERE canonical_url = ?",
                [(u,) for u in canonical_urls],
            )

    def set_model_versions(self, versions: dict[str, str]) -> None:
        """Record ``{canonical_url: model version}`` of ads just indexed (``""``: indexed unscored)."""
        with self._lock, self._db:
            self._db.executemany(
                "UPDATE seen SET model_version = ? WHERE canonical_url = ?", [(v, u) for u, v in versions.items()]
            )

    def seen_since(self, source: str, since: str) -> list[str]:
        """Canonical URLs of ``source`` seen at or after ``since`` (ISO time)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT canonical_url FROM seen WHERE source = ? AND last_seen >= ?", (source, since)
            ).fetchall()
        return [r[0] for r in rows]

    def mark_gone(self, source: str, since: str, now: str) -> list[str]:
        """Mark ads of ``source`` online but not seen since ``since`` as gone; their URLs."""
        with self._lock, self._db:
            rows = self._db.execute(
                "SELECT canonical_url FROM seen WHERE source = ? AND last_seen < ? AND status = 'online'",
                (source, since),
            ).fetchall()
            self._db.execute(
                "UPDATE seen SET status = 'gone', gone_at = ? WHERE source = ? AND last_seen < ? AND status = 'online'",
                (now, source, since),
            )
        return [r[0] for r in rows]

    def count(self, source: str | None = None, status: str | None = None) -> int:
        """Number of rows, optionally of one source and/or status."""
        sql, args = "SELECT COUNT(*) FROM seen WHERE 1=1", []
        if source is not None:
            sql, args = sql + " AND source = ?", [*args, source]
        if status is not None:
            sql, args = sql + " AND status = ?", [*args, status]
        with self._lock:
            return int(self._db.execute(sql, args).fetchone()[0])

    def claim(self, canonical_url: str, content_hash: str) -> bool:
        """Always True: one machine has one crawl per source (the Redis store arbitrates between workers)."""
        return True

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()


def open_seen_store(settings: Any, state_dir: Path | str) -> Any:
    """The seen-store a crawl uses: Redis when ``ANZUELO_STATE_URL`` is set (workers share it), else sqlite."""
    url = settings.get("ANZUELO_STATE_URL")
    if not url:
        return SeenStore.in_dir(state_dir)
    from crawler.distributed.seenstore import RedisSeenStore

    return RedisSeenStore.from_url(url, str(settings.get("ANZUELO_FRONTIER_PREFIX") or "anzuelo"),
                                   settings.getint("ANZUELO_FRONTIER_CLAIM_TTL", 3600), settings.get("ANZUELO_WORKER_ID"),
                                   settings.getfloat("ANZUELO_FRONTIER_LEASE", 60.0))

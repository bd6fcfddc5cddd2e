"""Embedding cache keyed by content hash: a re-crawl or a rescore never embeds the same text twice.

Key: sha256 of the encoder id (encoder, runtime, recipe, truncation and token budget:
anything that changes the vector) and the normalised text (NFC, outer whitespace
stripped: both encoders' tokenizers normalise and strip the same way, so this
merges only texts they would embed alike). Values are the float32 vectors, stored
in one SQLite file in the state folder (``ANZUELO_SCORE_EMBED_CACHE``), bounded to
``max_rows`` rows: the oldest rows go first. SQLite because it is in the standard
library, takes concurrent readers (a crawl and a rescore) and survives a kill.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import unicodedata
from pathlib import Path

import numpy as np


def content_key(encoder_id: str, text: str) -> bytes:
    """sha256 of the encoder id and the normalised text."""
    norm = unicodedata.normalize("NFC", text).strip()
    return hashlib.sha256(f"{encoder_id}\0{norm}".encode()).digest()


class EmbedCache:
    """SQLite store of vectors by content key, at most ``max_rows`` rows (oldest evicted)."""

    def __init__(self, path: str | Path, max_rows: int = 1_000_000) -> None:
        self.path, self.max_rows = Path(path), max_rows
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The scorer embeds in a prefetch thread: one connection, one lock.
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS emb (id INTEGER PRIMARY KEY, key BLOB UNIQUE, vec BLOB)")

    def get_many(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        """Vectors found for ``keys`` (missing keys are absent)."""
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for s in range(0, len(keys), 500):  # SQLite's bound-parameter limit
                part = keys[s:s + 500]
                q = f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(part))})"
                for k, v in self._db.execute(q, part):
                    found[bytes(k)] = np.frombuffer(v, dtype=np.float32).copy()
        return found

    def put_many(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors, then drop the oldest rows beyond ``max_rows``."""
        if not items:
            return
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                                 [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])
            n = self._db.execute("SELECT COUNT(*) FROM emb").fetchone()[0]
            if n > self.max_rows:
                self._db.execute("DELETE FROM emb WHERE id IN (SELECT id FROM emb ORDER BY id LIMIT ?)",
                                 (n - self.max_rows,))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM emb").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class CachedEncoder:
    """An encoder whose ``encode`` looks each text up first and embeds only the misses.

    ``encoder_id`` must change whenever the vectors would (see ``AnzueloModel``).
    """

    def __init__(self, encoder, encoder_id: str, cache: EmbedCache) -> None:
        self.inner, self.encoder_id, self.cache = encoder, encoder_id, cache
        self.dim = encoder.dim
        self.hits = self.misses = 0

    def __getattr__(self, name):  # tokenize, forward, max_length...: the wrapped encoder's
        return getattr(self.inner, name)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        keys = [content_key(self.encoder_id, t) for t in texts]
        found = self.cache.get_many(list(dict.fromkeys(keys)))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            if k in found:
                out[i] = found[k]
            else:
                todo.setdefault(k, []).append(i)  # a text repeated in the batch is embedded once
        self.hits += len(texts) - sum(len(v) for v in todo.values())
        self.misses += len(todo)
        if todo:
            first = [idx[0] for idx in todo.values()]
            vecs = self.inner.encode([texts[i] for i in first], progress=progress)
            for idx, v in zip(todo.values(), vecs):
                out[idx] = v
            self.cache.put_many(dict(zip(todo.keys(), vecs)))
        return out

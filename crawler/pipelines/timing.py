"""Wall time a pipeline stage spends, summed into one Scrapy stat.

The score and index pipelines do their work in worker threads (``Batcher``),
several batches possibly at once, so the sum is kept under a lock here and
written to the stats as a whole value (``set_value``) rather than with
``inc_value``, whose read-modify-write could lose time when two threads add
at once. The crawl summary reads the stats (``score_seconds``,
``index_seconds``) so a user can see where a crawl's time went.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any


class StageTimer:
    """Context manager adding the wall time of each ``with`` block to the stat ``key``."""

    def __init__(self, crawler: Any, key: str) -> None:
        self.crawler, self.key = crawler, key
        self.total = 0.0
        self._lock = threading.Lock()
        self._local = threading.local()  # one start time per worker thread

    def __enter__(self) -> StageTimer:
        self._local.t0 = time.perf_counter()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # Failed batches count too: their time was spent all the same.
        spent = time.perf_counter() - self._local.t0
        with self._lock:
            self.total += spent
            self.crawler.stats.set_value(self.key, round(self.total, 3))

"""One firing per cron slot when ``anzuelo schedule`` runs on several machines.

Per source and slot two keys: ``lock`` (``SET NX PX``: the scheduler firing the slot,
expiring after ``ttl``) and ``done`` (set once the crawl was started, kept a week).
``acquire`` answers in one Lua call:

* ``done``  another scheduler already fired this slot: record it and move on;
* ``mine``  this scheduler holds the lock: fire, then ``done``;
* ``taken`` another scheduler holds it and has not finished: look again next tick. If that
  scheduler died before ``done``, its lock expires after ``ttl`` and the next tick takes
  the slot over, so a slot is neither lost nor, while its firer lives, fired twice.
"""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

ACQUIRE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 'done' end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', tonumber(ARGV[2])) then return 'mine' end
if redis.call('GET', KEYS[2]) == ARGV[1] then return 'mine' end
return 'taken'
"""

#: Seconds a slot's ``done`` mark is kept (longer than any sensible gap between slots).
DONE_KEEP_S = 8 * 24 * 3600


class SlotLock:
    """Cron-slot locks in Redis (``client``: ``redis.Redis`` with decode_responses=True)."""

    def __init__(self, client: Any, prefix: str = "anzuelo", ttl_s: float = 60.0, owner: str | None = None) -> None:
        self.client = client
        self.prefix = f"{prefix}:schedule"
        self.ttl_ms = int(ttl_s * 1000)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._acquire = client.register_script(ACQUIRE)

    @classmethod
    def from_url(cls, url: str, prefix: str = "anzuelo", ttl_s: float = 60.0) -> "SlotLock":
        import redis

        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=10), prefix, ttl_s)

    def _keys(self, source: str, slot: str) -> list[str]:
        base = f"{self.prefix}:{{{source}}}:{slot}"
        return [f"{base}:done", f"{base}:lock"]

    def acquire(self, source: str, slot: str) -> str:
        """``done`` | ``mine`` | ``taken`` for ``source``'s cron slot ``slot`` (ISO time)."""
        got = self._acquire(keys=self._keys(source, slot), args=[self.owner, self.ttl_ms])
        return got.decode() if isinstance(got, bytes) else str(got)

    def done(self, source: str, slot: str) -> None:
        """The slot's crawl was started: no scheduler fires it again."""
        self.client.set(self._keys(source, slot)[0], self.owner, ex=DONE_KEEP_S)

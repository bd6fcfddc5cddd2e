"""The seen-store on Redis, shared by every worker, plus the url+hash claim.

Same interface as ``crawler.state.SeenStore`` (sqlite, one machine). Keys
(``<prefix>:seen:*``): ``u:<sha1 url>`` a hash per ad (canonical_url, source,
content_hash, first_seen, last_seen, status, gone_at, model_version) and
``last:{<source>}`` a sorted set url -> last_seen (epoch ms) for "seen since" and
gone marking. ``claim`` is the guard against double work: two workers that reach
one ad (same canonical URL and content hash, e.g. through two listing URLs) in
the same window both find it absent from the engine; only the first claim wins
and the other drops the ad (``drop_item/claimed``). A claim names its worker and
holds only while that worker is alive (``<prefix>:worker:<owner>``, refreshed by
the worker's scheduler and by every claim, expiring after ``alive_s``): the ads a
worker killed with SIGKILL had claimed but not yet written are taken over by the
worker that processes its requeued request, never lost. A claim expires after
``ttl`` seconds, so an ad whose write failed is sent again by a later crawl.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from crawler.state import SeenAd

_FIELDS = ("canonical_url", "source", "content_hash", "first_seen", "last_seen", "status", "gone_at", "model_version")

# KEYS: claim, owner's heartbeat; ARGV: hash, ttl s, owner, alive ms, holder seen dead ("" = none)
CLAIM = """
redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[4]))
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[5] then
  local sep = string.find(held, '|', 1, true)
  if sep and string.sub(held, 1, sep - 1) == ARGV[1] then return string.sub(held, sep + 1) end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3], 'EX', tonumber(ARGV[2]))
return 1
"""


def worker_key(prefix: str, owner: str) -> str:
    """Heartbeat key of a worker: present while it lives (see ``RedisScheduler``)."""
    return f"{prefix}:worker:{owner}"


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def _sha(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


class RedisSeenStore:
    """Seen-store rows in Redis (``client``: ``redis.Redis`` with decode_responses=True)."""

    def __init__(self, client: Any, prefix: str = "anzuelo", claim_ttl: int = 3600, owner: str | None = None,
                 alive_s: float = 60.0) -> None:
        self.client = client
        self.base = prefix
        self.prefix = f"{prefix}:seen"
        self.claim_ttl = int(claim_ttl)
        self.owner = owner or f"store-{uuid.uuid4().hex[:12]}"
        self.alive_ms = int(alive_s * 1000)
        self._claim = client.register_script(CLAIM)

    @classmethod
    def from_url(cls, url: str, prefix: str = "anzuelo", claim_ttl: int = 3600, owner: str | None = None,
                 alive_s: float = 60.0) -> "RedisSeenStore":
        import redis

        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=30), prefix, claim_ttl, owner, alive_s)

    def _row(self, url: str) -> str:
        return f"{self.prefix}:u:{_sha(url)}"

    def _last(self, source: str) -> str:
        return f"{self.prefix}:last:{{{source}}}"

    def get(self, canonical_url: str) -> SeenAd | None:
        raw = self.client.hgetall(self._row(canonical_url))
        if not raw:
            return None
        return SeenAd(**{f: raw.get(f) if f in ("gone_at", "model_version") else raw.get(f, "") for f in _FIELDS})

    def upsert(self, canonical_url: str, source: str, content_hash: str, first_seen: str, now: str) -> None:
        """Record an ad seen at ``now``; an existing first_seen is kept (HSETNX), all in one MULTI."""
        key = self._row(canonical_url)
        pipe = self.client.pipeline(transaction=True)
        pipe.hsetnx(key, "first_seen", first_seen)
        pipe.hset(key, mapping={"canonical_url": canonical_url, "source": source, "content_hash": content_hash,
                                "last_seen": now, "status": "online"})
        pipe.hdel(key, "gone_at")
        pipe.zadd(self._last(source), {canonical_url: _ms(now)})
        pipe.execute()

    def touch(self, canonical_urls: list[str], now: str) -> None:
        rows = [(u, self.client.hget(self._row(u), "source")) for u in canonical_urls]
        pipe = self.client.pipeline(transaction=True)
        for url, source in rows:
            if source is None:  # like the sqlite UPDATE: only rows that exist
                continue
            pipe.hset(self._row(url), mapping={"last_seen": now, "status": "online"})
            pipe.hdel(self._row(url), "gone_at")
            pipe.zadd(self._last(source), {url: _ms(now)})
        pipe.execute()

    def forget(self, canonical_urls: list[str]) -> None:
        pipe = self.client.pipeline(transaction=True)
        for url in canonical_urls:
            pipe.hset(self._row(url), "content_hash", "")
            pipe.hdel(self._row(url), "model_version")
            pipe.delete(f"{self.prefix}:claim:{_sha(url)}")
        pipe.execute()

    def set_model_versions(self, versions: dict[str, str]) -> None:
        pipe = self.client.pipeline(transaction=False)
        for url, version in versions.items():
            pipe.hset(self._row(url), "model_version", version)
        pipe.execute()

    def seen_since(self, source: str, since: str) -> list[str]:
        return list(self.client.zrangebyscore(self._last(source), _ms(since), "+inf"))

    def mark_gone(self, source: str, since: str, now: str) -> list[str]:
        """Mark ads of ``source`` online but not seen since ``since`` as gone; their URLs."""
        stale = self.client.zrangebyscore(self._last(source), "-inf", f"({_ms(since)}")
        gone = []
        for url in stale:
            if self.client.hget(self._row(url), "status") == "online":
                self.client.hset(self._row(url), mapping={"status": "gone", "gone_at": now})
                gone.append(url)
        return gone

    def count(self, source: str | None = None, status: str | None = None) -> int:
        if source is None:
            keys = list(self.client.scan_iter(f"{self.prefix}:u:*", count=1000))
            urls = [self.client.hget(k, "canonical_url") for k in keys]
        else:
            urls = self.client.zrange(self._last(source), 0, -1)
        if status is None:
            return len(urls)
        return sum(1 for u in urls if u and self.client.hget(self._row(u), "status") == status)

    def claim(self, canonical_url: str, content_hash: str) -> bool:
        """True when this worker may score and index this version of the ad: nobody else alive
        claimed it within ``claim_ttl`` (a dead worker's claim is taken over)."""
        keys = [f"{self.prefix}:claim:{_sha(canonical_url)}", worker_key(self.base, self.owner)]
        dead = ""
        for _ in range(2):
            got = self._claim(keys=keys, args=[content_hash, self.claim_ttl, self.owner, self.alive_ms, dead])
            if got == 1:
                return True
            holder = str(got)
            if holder == self.owner or self.client.exists(worker_key(self.base, holder)):
                return False  # taken by this worker already (another URL of the ad), or by a live one
            dead = f"{content_hash}|{holder}"  # its worker died before writing it: take it over
        return False

    def close(self) -> None:
        self.client.close()

"""The shared frontier of one source in Redis: queue, leases, dupefilter and run control.

Keys (``<prefix>:{<source>}:*``; the braces keep one source on one Redis Cluster slot):

* ``queue``   sorted set of request ids, score = -priority * 1e12 + sequence (FIFO per priority);
* ``data``    hash id -> request JSON;
* ``leases``  sorted set id -> lease deadline (Redis server time, ms): taken, not yet acked;
* ``seen``    set of request fingerprints (the dupefilter of the current run);
* ``run``     hash {id, started, state: requested | seeding | running, seeder, seed_deadline}.

Every transition is one Lua script, so a worker dying between two calls leaves no
half-done state: ``push`` adds to the dupefilter and the queue together, ``pop`` moves an
id from the queue to the leases, ``ack`` drops lease and data, ``requeue_expired`` puts
leases whose deadline passed (their worker died or hung) back at the head of the queue.
Deadlines use the Redis server's clock, so workers' clocks need not agree. A late ack of
a lease already requeued deletes the payload: the requeued copy is then skipped, so a slow
worker and its stand-in never both process one request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

PUSH = """
if ARGV[2] == '0' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local n = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[3], n, ARGV[4])
redis.call('ZADD', KEYS[2], -tonumber(ARGV[3]) * 1e12 + n, n)
return 1
"""

POP = _NOW + """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
local id = popped[1]
local data = redis.call('HGET', KEYS[3], id)
if not data then return {id, false} end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
return {id, data}
"""

ACK = """
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])
"""

RENEW = _NOW + """
local n = 0
for i = 2, #ARGV do n = n + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i]) end
return n
"""

REQUEUE_EXPIRED = _NOW + """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], -1e15, id)
end
return #ids
"""

START_RUN = """
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('HGET', KEYS[1], 'id')} end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'started', ARGV[2], 'state', 'requested')
return {1, ARGV[1]}
"""

CLAIM_SEEDING = _NOW + """
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'requested' or (state == 'seeding' and tonumber(redis.call('HGET', KEYS[1], 'seed_deadline') or '0') < now) then
  redis.call('HSET', KEYS[1], 'state', 'seeding', 'seeder', ARGV[1], 'seed_deadline', now + tonumber(ARGV[2]))
  return {redis.call('HGET', KEYS[1], 'id'), redis.call('HGET', KEYS[1], 'started')}
end
return false
"""

SEEDED = """
if redis.call('HGET', KEYS[1], 'id') == ARGV[1] then redis.call('HSET', KEYS[1], 'state', 'running') return 1 end
return 0
"""

FINISH_RUN = """
if redis.call('HGET', KEYS[1], 'state') ~= 'running' or redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 or redis.call('ZCARD', KEYS[3]) > 0 then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""


@dataclass(frozen=True)
class Run:
    """A distributed crawl of one source: its id, ISO start time and state."""

    id: str
    started: str
    state: str


class Frontier:
    """The Redis frontier of one source (``client``: a ``redis.Redis``; decode_responses off)."""

    def __init__(self, client: Any, source: str, prefix: str = "anzuelo") -> None:
        self.client = client
        self.source = source
        base = f"{prefix}:{{{source}}}"
        self.k = {name: f"{base}:{name}" for name in ("queue", "data", "leases", "seen", "seq", "run")}
        self._scripts = {name: client.register_script(body) for name, body in (
            ("push", PUSH), ("pop", POP), ("ack", ACK), ("renew", RENEW), ("requeue", REQUEUE_EXPIRED),
            ("start", START_RUN), ("claim", CLAIM_SEEDING), ("seeded", SEEDED), ("finish", FINISH_RUN))}

    @classmethod
    def from_url(cls, url: str, source: str, prefix: str = "anzuelo") -> "Frontier":
        """A frontier on the Redis at ``url`` (``redis://host:port/db``)."""
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=30, health_check_interval=30), source, prefix)

    # -- requests --------------------------------------------------------------
    def push(self, payload: str, fingerprint: str, priority: int = 0, dont_filter: bool = False) -> bool:
        """Queue a request unless its fingerprint was seen in this run; True when queued."""
        k = self.k
        return bool(self._scripts["push"](keys=[k["seen"], k["queue"], k["data"], k["seq"]],
                                          args=[fingerprint, "1" if dont_filter else "0", int(priority), payload]))

    def pop(self, lease_ms: int) -> tuple[str, bytes] | None:
        """Lease the next request for ``lease_ms``: (lease id, payload), or None when the queue is empty."""
        while True:
            got = self._scripts["pop"](keys=[self.k["queue"], self.k["leases"], self.k["data"]], args=[int(lease_ms)])
            if not got:
                return None
            lease_id, data = got
            if data:  # no data: acked late by a worker whose lease had expired; nothing to do
                return lease_id.decode() if isinstance(lease_id, bytes) else str(lease_id), data

    def ack(self, lease_id: str) -> bool:
        """The request is done (its items written): forget lease and payload."""
        return bool(self._scripts["ack"](keys=[self.k["leases"], self.k["data"]], args=[lease_id]))

    def renew(self, lease_ids: list[str], lease_ms: int) -> int:
        """Push the deadlines of leases still held by this worker ``lease_ms`` ahead."""
        if not lease_ids:
            return 0
        return int(self._scripts["renew"](keys=[self.k["leases"]], args=[int(lease_ms), *lease_ids]))

    def requeue_expired(self, limit: int = 1000) -> int:
        """Put leases past their deadline back at the head of the queue; how many."""
        return int(self._scripts["requeue"](keys=[self.k["leases"], self.k["queue"]], args=[int(limit)]))

    def sizes(self) -> dict[str, int]:
        """Queued and leased requests, fingerprints seen in this run."""
        pipe = self.client.pipeline(transaction=False)
        pipe.zcard(self.k["queue"]).zcard(self.k["leases"]).scard(self.k["seen"])
        queued, leased, seen = pipe.execute()
        return {"queued": int(queued), "leased": int(leased), "seen": int(seen)}

    # -- runs ----------------------------------------------------------------------
    def start_run(self, run_id: str, started: str) -> tuple[bool, str]:
        """Request a new run (clears the dupefilter); (False, running id) while one is active."""
        created, rid = self._scripts["start"](keys=[self.k["run"], self.k["seen"]], args=[run_id, started])
        return bool(created), rid.decode() if isinstance(rid, bytes) else str(rid)

    def run(self) -> Run | None:
        """The active run, if any."""
        raw = {k.decode(): v.decode() for k, v in self.client.hgetall(self.k["run"]).items()}
        return Run(raw["id"], raw.get("started", ""), raw.get("state", "")) if raw.get("id") else None

    def claim_seeding(self, worker: str, deadline_ms: int) -> Run | None:
        """Take the job of seeding a requested run (or one whose seeder died); the run or None."""
        got = self._scripts["claim"](keys=[self.k["run"]], args=[worker, int(deadline_ms)])
        if not got:
            return None
        rid, started = (v.decode() if isinstance(v, bytes) else str(v) for v in got)
        return Run(rid, started, "seeding")

    def seeded(self, run_id: str) -> bool:
        """Seeds are queued: the run is running (and may finish once queue and leases are empty)."""
        return bool(self._scripts["seeded"](keys=[self.k["run"]], args=[run_id]))

    def finish_run(self, run_id: str) -> bool:
        """End the run when nothing is queued or leased; True for exactly one caller."""
        return bool(self._scripts["finish"](keys=[self.k["run"], self.k["queue"], self.k["leases"]], args=[run_id]))

    def clear(self) -> None:
        """Delete every key of this source's frontier (tests, a reset)."""
        self.client.delete(*self.k.values())

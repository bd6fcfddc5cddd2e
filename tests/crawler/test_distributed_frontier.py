"""The Redis parts of scale-out, against a real redis-server: frontier leases, runs, the
shared seen-store and claim, per-site slots, request payloads and the cron-slot lock."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
import redis
import scrapy

from crawler.distributed.frontier import Frontier
from crawler.distributed.lock import SlotLock
from crawler.distributed.politeness import SiteSemaphore
from crawler.distributed.seenstore import RedisSeenStore
from crawler.distributed.serialize import FrontierPayloadError, dumps, loads
from crawler.scheduler import Scheduled, Scheduler


@pytest.fixture
def frontier(redis_url):
    f = Frontier(redis.Redis.from_url(redis_url), "src-a", prefix="t")
    yield f
    f.client.close()


def test_frontier_dupefilter_and_priority_order(frontier):
    assert frontier.push("low-1", "fp1", priority=0)
    assert not frontier.push("low-1 again", "fp1", priority=0)  # same fingerprint in this run
    assert frontier.push("forced", "fp1", priority=0, dont_filter=True)
    assert frontier.push("high", "fp2", priority=5)
    assert frontier.push("low-2", "fp3", priority=0)
    order = [frontier.pop(60_000)[1] for _ in range(4)]
    assert order == [b"high", b"low-1", b"forced", b"low-2"]
    assert frontier.pop(60_000) is None
    assert frontier.sizes() == {"queued": 0, "leased": 4, "seen": 3}


def test_frontier_expired_lease_returns_to_the_head_of_the_queue(frontier):
    for i in range(3):
        frontier.push(f"r{i}", f"fp{i}")
    lease, payload = frontier.pop(1)  # a worker that dies right after taking r0
    time.sleep(0.05)
    assert frontier.requeue_expired() == 1
    again = frontier.pop(60_000)
    assert again[1] == payload == b"r0"
    assert frontier.ack(again[0])
    assert frontier.sizes()["leased"] == 0 and frontier.sizes()["queued"] == 2


def test_frontier_renewed_lease_is_not_requeued_and_late_ack_skips_the_copy(frontier):
    frontier.push("r0", "fp0")
    lease, _ = frontier.pop(1)
    assert frontier.renew([lease], 60_000) == 1
    time.sleep(0.05)
    assert frontier.requeue_expired() == 0
    # A hung worker loses its lease, then acks late: the requeued copy is dropped, not run twice.
    frontier.renew([lease], -1)
    assert frontier.requeue_expired() == 1
    frontier.ack(lease)
    assert frontier.pop(60_000) is None


def test_frontier_run_is_seeded_once_and_finishes_once(frontier):
    frontier.push("old", "fp-old")
    frontier.pop(60_000)
    created, run = frontier.start_run("run1", "2026-12-01T00:00:00.000Z")
    assert created and frontier.sizes()["seen"] == 0  # a new run forgets the last run's fingerprints
    assert frontier.start_run("run2", "2026-12-01T00:00:01.000Z") == (False, "run1")
    assert frontier.claim_seeding("w1", 60_000).id == "run1"
    assert frontier.claim_seeding("w2", 60_000) is None
    assert not frontier.finish_run("run1")  # still seeding
    frontier.seeded("run1")
    assert not frontier.finish_run("run1")  # a lease is still out
    frontier.client.delete(frontier.k["leases"])
    assert [frontier.finish_run("run1") for _ in range(3)] == [True, False, False]
    assert frontier.run() is None


def test_frontier_dead_seeder_is_replaced(frontier):
    frontier.start_run("run1", "2026-12-01T00:00:00.000Z")
    assert frontier.claim_seeding("w1", 1) is not None
    time.sleep(0.05)
    assert frontier.claim_seeding("w2", 60_000).id == "run1"


class _Spider(scrapy.Spider):
    name = "probe"

    def parse_ad(self, response):
        pass


def test_serialize_round_trip_keeps_callback_body_headers_and_meta():
    spider = _Spider()
    req = scrapy.Request("https://jobs.example.org/ad/1?x=1", callback=spider.parse_ad, method="POST",
                         body=b"\x00\xffcuerpo", headers={"X-Probe": "sí"}, meta={"depth": 2, "tag": ["a", 1]},
                         priority=3, dont_filter=True)
    back = loads(dumps(req, spider), spider)
    assert (back.url, back.method, back.body, back.priority, back.dont_filter) == (req.url, "POST", req.body, 3, True)
    assert back.callback == spider.parse_ad
    assert back.headers.get("X-Probe") == req.headers.get("X-Probe")
    assert back.meta["depth"] == 2 and back.meta["tag"] == ["a", 1]


@pytest.mark.parametrize("payload", ['{"url": "https://x.example/", "_class": "os.system"}', "not json", "{}"])
def test_serialize_refuses_foreign_or_broken_payloads(payload):
    with pytest.raises(FrontierPayloadError):
        loads(payload, _Spider())


def test_serialize_refuses_meta_that_is_not_plain_data():
    spider = _Spider()
    with pytest.raises(FrontierPayloadError, match="cannot store"):
        dumps(scrapy.Request("https://x.example/", meta={"obj": object()}), spider)


def test_seenstore_keeps_first_seen_marks_gone_and_claims_once(redis_url):
    store = RedisSeenStore.from_url(redis_url, prefix="t", claim_ttl=60)
    store.upsert("https://x.example/ad/1", "src", "h1", "2026-12-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z")
    store.upsert("https://x.example/ad/1", "src", "h2", "2026-12-02T00:00:00.000Z", "2026-12-02T00:00:00.000Z")
    store.upsert("https://x.example/ad/2", "src", "h3", "2026-12-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z")
    row = store.get("https://x.example/ad/1")
    assert (row.first_seen, row.last_seen, row.content_hash, row.status) == (
        "2026-12-01T00:00:00.000Z", "2026-12-02T00:00:00.000Z", "h2", "online")
    assert store.seen_since("src", "2026-12-01T12:00:00.000Z") == ["https://x.example/ad/1"]
    assert store.mark_gone("src", "2026-12-01T12:00:00.000Z", "2026-12-02T01:00:00.000Z") == ["https://x.example/ad/2"]
    assert store.get("https://x.example/ad/2").status == "gone"
    assert store.count("src") == 2 and store.count("src", "gone") == 1
    # two workers reach the same version: one wins; a changed version is claimable again
    assert [store.claim("https://x.example/ad/1", "h2") for _ in range(2)] == [True, False]
    assert store.claim("https://x.example/ad/1", "h9")
    store.forget(["https://x.example/ad/1"])  # a failed write releases the claim
    assert store.claim("https://x.example/ad/1", "h9")
    store.close()


def test_seenstore_claim_of_a_live_worker_holds_and_of_a_dead_one_is_taken_over(redis_url):
    live = RedisSeenStore.from_url(redis_url, prefix="t", owner="w-live", alive_s=60)
    dying = RedisSeenStore.from_url(redis_url, prefix="t", owner="w-dying", alive_s=0.05)
    other = RedisSeenStore.from_url(redis_url, prefix="t", owner="w-other", alive_s=60)
    assert live.claim("https://x.example/ad/1", "h1") and not other.claim("https://x.example/ad/1", "h1")
    assert dying.claim("https://x.example/ad/2", "h2")  # claimed, then SIGKILL before the write
    time.sleep(0.1)  # its heartbeat lapses (a live worker's scheduler refreshes it every lease/3)
    assert other.claim("https://x.example/ad/2", "h2")  # the requeued request's worker takes it over
    assert not live.claim("https://x.example/ad/2", "h2")
    for store in (live, dying, other):
        store.close()


def test_site_semaphore_bounds_concurrency_and_spaces_requests(redis_url):
    sem = SiteSemaphore(redis.Redis.from_url(redis_url), prefix="t", hold_s=60)
    assert [sem.try_acquire("a.example", f"t{i}", 2, 0) for i in range(3)] == [0, 0, -1]
    sem.release("a.example", "t0")
    assert sem.try_acquire("a.example", "t3", 2, 0) == 0
    assert sem.in_flight("a.example") == 2
    assert sem.try_acquire("b.example", "u0", 4, 5.0) == 0  # other site, own slots
    wait = sem.try_acquire("b.example", "u1", 4, 5.0)
    assert 4000 < wait <= 5000  # the site's delay holds across workers


def test_site_semaphore_slot_of_a_dead_worker_frees_after_the_hold(redis_url):
    sem = SiteSemaphore(redis.Redis.from_url(redis_url), prefix="t", hold_s=0.05)
    assert sem.try_acquire("a.example", "dead", 1, 0) == 0
    assert sem.try_acquire("a.example", "next", 1, 0) == -1
    time.sleep(0.1)
    assert sem.try_acquire("a.example", "next", 1, 0) == 0


class _SleepScheduler(Scheduler):
    """Spawns a real short-lived process instead of a crawl."""

    def spawn(self, name: str) -> subprocess.Popen:
        self.spawned = [*getattr(self, "spawned", []), name]
        return subprocess.Popen([sys.executable, "-c", "pass"])


def _at(minute: int) -> datetime:
    return datetime(2026, 12, 1, 12, minute, tzinfo=timezone.utc)


def test_schedule_lock_fires_each_slot_once_across_schedulers(tmp_path, redis_url):
    sources = [Scheduled("a", "*/5 * * * *")]
    scheds = [_SleepScheduler(tmp_path / "s.toml", tmp_path / f"m{i}", sources, echo=lambda _: None,
                              slot_lock=SlotLock.from_url(redis_url, "t", 60)) for i in range(3)]
    for s in scheds:
        s.tick(_at(0))  # first sight: the current slot counts as passed everywhere
    fired = [s.tick(_at(6)) for s in scheds] + [s.tick(_at(7)) for s in scheds]
    assert sum(len(f) for f in fired) == 1
    assert {s.load_state()["a"]["last_slot"] for s in scheds} == {_at(5).isoformat()}
    fired = [s.tick(_at(11)) for s in reversed(scheds)]  # next slot: again exactly one
    assert sum(len(f) for f in fired) == 1
    for s in scheds:
        s.wait_all()


def test_schedule_lock_slot_of_a_dead_scheduler_is_taken_over(tmp_path, redis_url):
    dead = SlotLock.from_url(redis_url, "t", 0.2)
    assert dead.acquire("a", _at(5).isoformat()) == "mine"  # took the slot, died before firing
    sched = _SleepScheduler(tmp_path / "s.toml", tmp_path, [Scheduled("a", "*/5 * * * *")], echo=lambda _: None,
                            slot_lock=SlotLock.from_url(redis_url, "t", 60))
    sched.tick(_at(0))
    assert sched.tick(_at(6)) == []  # held by the other scheduler: wait
    time.sleep(0.3)
    assert sched.tick(_at(6)) == ["a"]  # its lock expired: taken over
    sched.wait_all()

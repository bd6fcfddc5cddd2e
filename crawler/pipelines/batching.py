"""Micro-batching off the reactor thread.

``await batcher.submit(obj)`` parks one item until its batch is processed by
``work(list_of_objs) -> list_of_results`` in a worker thread, so the scorer and
bulk writes never block the Twisted reactor. A batch starts when ``size``
objects are waiting or ``max_wait`` seconds after the oldest waiting one
arrived (a reactor timer: it fires while the worker threads are busy);
``close()`` flushes what is left and waits for every batch in flight. Works
under both the default and the asyncio reactor.

Which threads: a ``WorkerPool`` of the stage's own, or else the reactor's
shared pool (``deferToThread``, 10 threads, Scrapy's DNS lookups too). The
score and index stages each have their own: in the shared pool, every waiting
score batch held a thread or a place in its one FIFO queue, so a bulk write
flushed on time still waited behind the whole scoring backlog (minutes, about
the 5 MB of responses Scrapy keeps in its scraper) and ads became searchable
in steps of that size (benchmarks/growth.py, BENCHMARKS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.threads import deferToThread, deferToThreadPool
from twisted.python.threadpool import ThreadPool


class WorkerPool:
    """Threads of one pipeline stage's own, started at first use and stopped at reactor shutdown."""

    def __init__(self, name: str, threads: int = 1) -> None:
        self.name, self.threads = name, max(1, int(threads))
        self._pool: ThreadPool | None = None
        self._trigger: Any = None

    def run(self, fn: Callable[..., Any], *args: Any) -> Deferred:
        """``fn(*args)`` in one of this pool's threads; a Deferred firing on the reactor thread."""
        from twisted.internet import reactor  # the running one (see Batcher.add)

        if self._pool is None:
            self._pool = ThreadPool(minthreads=0, maxthreads=self.threads, name=self.name)
            self._pool.start()
            # non-daemon threads: without this a crawl that never reached close_spider would not exit
            self._trigger = reactor.addSystemEventTrigger("during", "shutdown", self._at_shutdown)
        return deferToThreadPool(reactor, self._pool, fn, *args)

    def _at_shutdown(self) -> None:
        self._trigger = None  # being fired: Twisted has taken it off its list already
        self.stop()

    def stop(self) -> None:
        """Stop the threads once their work is done (idempotent; a later ``run`` starts new ones)."""
        pool, self._pool = self._pool, None
        if self._trigger is not None:
            # a scheduler process runs crawl after crawl in one reactor: drop the trigger (and this pool)
            from twisted.internet import reactor

            trigger, self._trigger = self._trigger, None
            try:
                reactor.removeSystemEventTrigger(trigger)
            except (KeyError, ValueError):  # already fired or removed
                pass
        if pool is not None:
            pool.stop()


class Batcher:
    """Collects objects and runs ``work`` on them in batches in a thread."""

    def __init__(self, work: Callable[[list[Any]], list[Any]], size: int, max_wait: float,
                 pool: WorkerPool | None = None) -> None:
        self.work = work
        self.pool = pool
        self.size = max(1, int(size))
        self.max_wait = float(max_wait)
        self._pending: list[tuple[Any, Deferred]] = []
        self._timer: Any = None
        self._inflight: set[Deferred] = set()

    def add(self, obj: Any) -> Deferred:
        """Queue ``obj``; a Deferred firing with its result once its batch is done."""
        waiter: Deferred = Deferred()
        self._pending.append((obj, waiter))
        if len(self._pending) >= self.size:
            self.flush()
        elif self._timer is None:
            # the running reactor, imported here: a module-level import installs Twisted's
            # default one in whatever process imports this module (a test session, a CLI),
            # and every CrawlerProcess started there afterwards refuses to run (asyncio wanted)
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.max_wait, self.flush)
        return waiter

    async def submit(self, obj: Any) -> Any:
        """Queue ``obj`` and wait for its result."""
        return await maybe_deferred_to_future(self.add(obj))

    def flush(self) -> Deferred | None:
        """Start processing everything queued now; the batch's Deferred or None."""
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return None
        objs = [obj for obj, _ in batch]
        done: Deferred = self.pool.run(self.work, objs) if self.pool else deferToThread(self.work, objs)

        def deliver(results: list[Any]) -> None:
            for (_, waiter), result in zip(batch, results, strict=True):
                waiter.callback(result)

        def fail(failure: Any) -> None:
            for _, waiter in batch:
                waiter.errback(failure)

        done.addCallbacks(deliver, fail)
        self._inflight.add(done)
        done.addBoth(lambda _: self._inflight.discard(done))
        return done

    async def close(self) -> None:
        """Flush the partial batch and wait for all batches in flight."""
        self.flush()
        if self._inflight:
            await maybe_deferred_to_future(DeferredList(list(self._inflight), consumeErrors=True))

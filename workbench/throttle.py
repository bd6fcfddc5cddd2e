"""Login throttling: lockout with exponential back-off, and a cap on concurrent password checks.

A login flood must neither guess passwords nor exhaust the server: argon2 takes
64 MiB and tens of ms per check, so 80 parallel wrong logins once took 2.4 GiB.
Two guards run before any password is checked:

* ``LoginThrottle`` counts failures per account and per client address. After
  ``free_failures`` each further failure locks the key for ``lockout * 2**k``
  seconds (capped at ``lockout_max``); while locked, every attempt, even with
  the right password, is refused without checking it. Failures are forgotten
  ``window`` seconds after the last one; at most ``tracked`` keys are kept
  (oldest dropped), so spoofed names cannot grow memory without bound.
* ``CheckGate``: at most ``limit`` password checks at once. A request that
  finds the gate full is refused at once (429 + Retry-After), never queued.

State is per process (one ``anzuelo serve``); a restart forgets it.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from anzuelo import settings


@dataclass(frozen=True)
class LoginPolicy:
    """Thresholds of the login guards (defaults: the WEB_LOGIN_* settings)."""

    free_failures: int = settings.WEB_LOGIN_FREE_FAILURES
    lockout: float = settings.WEB_LOGIN_LOCKOUT
    lockout_max: float = settings.WEB_LOGIN_LOCKOUT_MAX
    window: float = settings.WEB_LOGIN_FAILURE_WINDOW
    concurrency: int = settings.WEB_LOGIN_CONCURRENCY
    tracked: int = settings.WEB_LOGIN_TRACKED


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class LoginThrottle:
    """Failure counts and lockouts per key (``user:NAME``, ``addr:IP``)."""

    def __init__(self, policy: LoginPolicy, clock=time.monotonic) -> None:
        self.policy = policy
        self.clock = clock
        self._keys: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds until every key of ``keys`` may try again (0: not locked)."""
        now = self.clock()
        with self._lock:
            waits = [self._keys[k].locked_until - now for k in keys if k in self._keys]
        return max([0, *(math.ceil(w) for w in waits if w > 0)])

    def failed(self, *keys: str) -> int:
        """Count a failure on each key; returns the longest lockout it caused (seconds, 0: none)."""
        now, p = self.clock(), self.policy
        longest = 0.0
        with self._lock:
            for key in keys:
                entry = self._keys.pop(key, None) or _Failures()
                if now - entry.last > p.window:
                    entry = _Failures()
                entry.count, entry.last = entry.count + 1, now
                over = entry.count - p.free_failures
                if over > 0:
                    # 2**over overflows float for a long flood: cap the exponent first.
                    wait = min(p.lockout * 2 ** min(over - 1, 60), p.lockout_max)
                    entry.locked_until = max(entry.locked_until, now + wait)
                    longest = max(longest, wait)
                self._keys[key] = entry  # most recent last: eviction drops the oldest
            while len(self._keys) > p.tracked:
                self._keys.popitem(last=False)
        return math.ceil(longest)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key`` (the account, after a right password while unlocked)."""
        with self._lock:
            self._keys.pop(key, None)


class CheckGate:
    """At most ``limit`` password checks at once; ``in_flight``/``peak`` say how many ran."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, int(limit))
        self._sem = threading.BoundedSemaphore(self.limit)
        self._lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0

    def try_enter(self) -> bool:
        """Take a slot without waiting; False when all are taken."""
        if not self._sem.acquire(blocking=False):
            return False
        with self._lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        return True

    def leave(self) -> None:
        """Give the slot back."""
        with self._lock:
            self.in_flight -= 1
        self._sem.release()

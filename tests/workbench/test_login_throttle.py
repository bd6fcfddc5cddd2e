"""Login flood: lockout with back-off per account and per address, bounded password checks, audit."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tests.workbench.helpers import PASSWORD, api_client, csrf_of, engine_app
from workbench import audit
from workbench.throttle import LoginPolicy, LoginThrottle

pytestmark = pytest.mark.integration


def _login(app, name: str, password: str, address: str = "198.51.100.7"):
    return TestClient(app, client=(address, 40000)).post("/api/login", json={"name": name, "password": password})


def test_login_49_wrong_then_right_is_refused_while_locked(engine, tmp_path):
    # Lockout long enough that the test's own pace cannot outlast it.
    app, backend = engine_app(engine, tmp_path, login_policy=LoginPolicy(lockout=60))
    codes = [_login(app, "labeller", f"guess-{n}").status_code for n in range(49)]
    assert codes[:5] == [401] * 5  # the free failures
    assert codes[5] == 401 and set(codes[6:]) == {429}  # the 6th locks; later ones are not even checked
    res = _login(app, "labeller", PASSWORD)
    assert res.status_code == 429 and int(res.headers["retry-after"]) > 0
    assert "try again in" in res.json()["detail"]
    failed = audit.query(backend, action="login-failed", size=100)
    assert len(failed) == 50 and {e["target"] for e in failed} == {"labeller"}
    assert any("locked" in e["detail"] for e in failed)
    assert audit.query(backend, action="login") == []


def test_login_lock_is_per_address_too(engine, tmp_path):
    # Guessing many names from one address locks the address, even for a real account.
    app, _ = engine_app(engine, tmp_path, login_policy=LoginPolicy(lockout=60))
    for n in range(7):
        _login(app, f"nobody{n}", "wrong-password", address="203.0.113.9")
    assert _login(app, "viewer", PASSWORD, address="203.0.113.9").status_code == 429
    assert _login(app, "viewer", PASSWORD, address="203.0.113.10").status_code == 200


def test_login_lock_is_per_account_across_addresses(engine, tmp_path):
    app, _ = engine_app(engine, tmp_path, login_policy=LoginPolicy(lockout=60))
    for n in range(7):
        _login(app, "admin", "wrong-password", address=f"192.0.2.{n + 1}")
    assert _login(app, "admin", PASSWORD, address="192.0.2.200").status_code == 429


def test_login_form_shows_lockout_with_retry_after(engine, tmp_path):
    app, backend = engine_app(engine, tmp_path, login_policy=LoginPolicy(free_failures=1, lockout=60))
    client = TestClient(app, follow_redirects=False)
    for _ in range(2):
        client.post("/login", data={"name": "viewer", "password": "nope-nope", "csrf": csrf_of(client)})
    res = client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf": csrf_of(client)})
    assert res.status_code == 429 and int(res.headers["retry-after"]) > 0
    assert "Too many failed logins" in res.text
    assert [e["detail"].split(":")[0] for e in audit.query(backend, action="login-failed")] == ["web"] * 3


def test_login_backoff_doubles_and_is_capped():
    now = [1000.0]
    throttle = LoginThrottle(LoginPolicy(free_failures=2, lockout=2, lockout_max=30, window=3600),
                             clock=lambda: now[0])
    waits = []
    for _ in range(8):
        waits.append(throttle.failed("user:ana"))
        now[0] += 0.5
    assert waits == [0, 0, 2, 4, 8, 16, 30, 30]
    now[0] += 31
    assert throttle.retry_after("user:ana") == 0
    throttle.succeeded("user:ana")
    assert throttle.failed("user:ana") == 0  # a right password forgets the failures


def test_login_throttle_memory_is_bounded():
    throttle = LoginThrottle(LoginPolicy(tracked=100))
    for n in range(5000):
        throttle.failed(f"user:spoof{n}")
    assert len(throttle._keys) == 100


class CountingHasher(PasswordHasher):
    """Real argon2, counting how many checks run at the same moment."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.lock = threading.Lock()
        self.running = self.peak = self.calls = 0

    def verify(self, hash, password):  # noqa: A002 - argon2's own parameter name
        with self.lock:
            self.running += 1
            self.calls += 1
            self.peak = max(self.peak, self.running)
        try:
            time.sleep(0.2)  # a production check takes this long: keeps checks overlapping
            return super().verify(hash, password)
        finally:
            with self.lock:
                self.running -= 1


def test_parallel_logins_never_run_more_than_k_checks(engine, tmp_path):
    hasher = CountingHasher()
    k = 2
    app, _ = engine_app(engine, tmp_path, password_hasher=hasher,
                        login_policy=LoginPolicy(free_failures=10_000, concurrency=k))
    hasher.calls = 0  # users were added (hashed, not verified) above
    with ThreadPoolExecutor(24) as pool:
        results = list(pool.map(lambda n: _login(app, f"user{n}", "wrong-password", address=f"10.0.0.{n}"), range(24)))
    codes = [r.status_code for r in results]
    assert set(codes) <= {401, 429} and codes.count(429) > 0
    assert all(int(r.headers["retry-after"]) >= 1 for r in results if r.status_code == 429)
    assert 1 <= hasher.peak <= k and app.state.login_gate.peak <= k
    assert hasher.calls == codes.count(401)  # refused logins never ran argon2
    assert api_client(app, "viewer").get("/api/me").status_code == 200  # the gate is free again

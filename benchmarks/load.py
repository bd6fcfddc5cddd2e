"""Loopback load: 20 workbench users searching and opening ads while a crawl indexes.

Everything real and on 127.0.0.1: an OpenSearch node (started here on a free
port and a temporary data folder, always stopped at the end; or ``--engine-url``),
``anzuelo serve`` as its own process, a generated job board (``demo.build_sites``,
``--copies`` x 44 ads) crawled by ``anzuelo crawl`` into the same index while
the users work, bulks sent every second. The crawl is unscored unless
``--crawl-score``: on the shared 2-core machine scoring starves under the load
(2 ads indexed in 60 s), and what this measures is the workbench reading an
index that is being written. The users are created with the workbench's
``UserStore`` (what ``anzuelo users add`` runs) and log in once each, one after
the other (the login throttle allows ``WEB_LOGIN_CONCURRENCY`` password checks
at a time: a login storm is not what this measures); then each reuses its
session for ``--duration`` seconds (default 60) of a closed loop: search through
the JSON API or the search page with a query from ``QUERIES``, open one of the
hits through the API or the ad page.

Reports requests/s, the error rate (any status >= 400 or exception is an error;
zero is the bar) and p50/p95/p99 per endpoint, and how many ads the crawl
indexed meanwhile (the users start once it has indexed its first 10 ads). The crawl is stopped (SIGTERM, resumable) if it is still
running when the window closes.

    .venv/bin/python benchmarks/load.py [--users 20] [--duration 60] [--copies 20] [--crawl-score]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

QUERIES = [
    "q=modelos", "q=viaje+pagado", "q=pasaporte&risk=high", "q=%22sin+experiencia%22", "q=webcam",
    "q=meseras+%7C+edecanes", "q=alojamiento&sort=date", "q=trabajo+exterior&country=CO", "q=vagas&lang=pt",
    "q=barista", "q=visa", "risk=high", "min_score=0.5&sort=score", "q=whatsapp", "q=hostess&lang=en",
    "q=salario", "q=promotoras", "q=cosecha*", "q=chicas+j%C3%B3venes", "q=seguridad&status=online",
]
PASSWORD = "load-password-1"


@contextlib.contextmanager
def engine(url: str | None, tmp: Path) -> Iterator[str]:
    """``url``, or a local node on a free port that is stopped on the way out."""
    if url:
        yield url
        return
    from anzuelo import settings
    from anzuelo.engine import LocalEngine
    from anzuelo.engine.net import free_port

    node = LocalEngine(home=settings.home(), port=free_port(), data_dir=tmp / "data", run_dir=tmp / "run",
                       heap=str(settings.get("ENGINE_HEAP")), cluster_name="anzuelo-load", echo=lambda _: None)
    try:
        node.start()
        yield node.url
    finally:
        node.stop()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


class Recorder:
    """Latencies (ms) and errors per endpoint."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    async def call(self, name: str, client: httpx.AsyncClient, path: str) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            resp = await client.get(path)
        except Exception as exc:  # noqa: BLE001 - any exception is an error of the run
            self.ms[name].append((time.perf_counter() - t0) * 1000)
            self.errors[name].append(f"{type(exc).__name__}: {exc}")
            return None
        self.ms[name].append((time.perf_counter() - t0) * 1000)
        if resp.status_code >= 400:
            self.errors[name].append(f"{resp.status_code} {path}: {resp.text[:200]}")
        return resp


async def user(client: httpx.AsyncClient, rec: Recorder, deadline: float, seed: int) -> None:
    """One investigator: search (API or page), then open a hit (API or page), until the deadline."""
    rnd = random.Random(seed)
    ids: list[str] = []
    while time.monotonic() < deadline:
        if not ids or rnd.random() < 0.45:
            q = rnd.choice(QUERIES)
            if rnd.random() < 0.7:
                resp = await rec.call("GET /api/search", client, f"/api/search?{q}")
                if resp is not None and resp.status_code == 200:
                    ids = [h["id"] for h in resp.json().get("hits", []) if h.get("id")] or ids
            else:
                await rec.call("GET / (search page)", client, f"/?{q}")
        elif rnd.random() < 0.6:
            await rec.call("GET /api/ads/{id}", client, f"/api/ads/{rnd.choice(ids)}")
        else:
            await rec.call("GET /ads/{id} (ad page)", client, f"/ads/{rnd.choice(ids)}")


async def load(base: str, names: list[str], duration: float) -> tuple[Recorder, list[float], float]:
    """Log every user in (one at a time), then run them all for ``duration`` s; (recorder, login ms, wall s)."""
    rec, logins = Recorder(), []
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in names]
    try:
        for name, client in zip(names, clients, strict=True):
            t0 = time.perf_counter()
            resp = await client.post("/api/login", json={"name": name, "password": PASSWORD})
            logins.append((time.perf_counter() - t0) * 1000)
            resp.raise_for_status()
        t0 = time.monotonic()
        await asyncio.gather(*(user(c, rec, t0 + duration, i) for i, c in enumerate(clients)))
        return rec, logins, time.monotonic() - t0
    finally:
        for client in clients:
            await client.aclose()


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout}s")


def run(args: argparse.Namespace, tmp: Path) -> int:
    """Set everything up, run the load, print the report; the number of errors."""
    from anzuelo.engine.net import free_port
    from demo import SITES_DIR
    from demo.build_sites import build
    from demo.server import DemoSites
    from index import Index
    from workbench.auth import UserStore
    from workbench.backend import Backend

    build(tmp / "sites", copies=args.copies)
    with engine(args.engine_url, tmp) as url, DemoSites(tmp / "sites") as sites:
        prefix = f"load{uuid.uuid4().hex[:6]}"
        idx = Index.connect(url, prefix=prefix)
        env = {**os.environ, "ANZUELO_HOME": str(tmp / "home"), "ANZUELO_ENGINE_URL": url,
               "ANZUELO_INDEX_PREFIX": prefix, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        procs: list[subprocess.Popen] = []
        try:
            idx.ensure_ads_index()
            names = [f"load{i:02d}" for i in range(args.users)]
            users = UserStore(Backend(idx))  # what `anzuelo users add NAME --role viewer` runs
            for name in names:
                users.add(name, "viewer", PASSWORD)
            text = (SITES_DIR.parent / "sources.toml").read_text(encoding="utf-8")
            for site, base in sites.urls.items():
                text = text.replace("{" + site + "}", base)
            (tmp / "sources.toml").write_text(text, encoding="utf-8")
            port = free_port()
            with open(tmp / "serve.log", "wb") as log:
                procs.append(subprocess.Popen([sys.executable, "-m", "anzuelo", "serve", "--port", str(port)],
                                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            base = f"http://127.0.0.1:{port}"
            wait_http(base + "/healthz", procs[0])
            # small score batches and bulks: the crawl writes to the index all through the window
            crawl_env = {**env, "ANZUELO_SCORE_BATCH_SIZE": "8", "ANZUELO_INDEX_FLUSH_WAIT": "1"}
            cmd = [sys.executable, "-m", "anzuelo", "crawl", "demo-jobs", "--sources", str(tmp / "sources.toml"),
                   "--json", *([] if args.crawl_score else ["--no-score"])]
            with open(tmp / "crawl.log", "wb") as log:
                crawl = subprocess.Popen(cmd, cwd=ROOT, env=crawl_env, stdout=log, stderr=subprocess.STDOUT)
            procs.append(crawl)
            before = wait_indexed(idx, crawl, 10)  # searches find ads and users open them from the start
            rec, logins, wall = asyncio.run(load(base, names, args.duration))
            crawl_state = "still running, stopped" if crawl.poll() is None else f"finished (exit {crawl.returncode})"
            idx.refresh()
            errors = report(args, rec, logins, wall, (before, idx.count()), crawl_state)
            if errors:  # what the server said about them
                log = (tmp / "serve.log").read_text(encoding="utf-8", errors="replace")
                print("\n".join(line for line in log.splitlines() if "HTTP/1.1\" 2" not in line)[-6000:])
            return errors
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(60)
            idx.drop_all()
            idx.close()


def wait_indexed(idx, crawl: subprocess.Popen, n: int, timeout: float = 300) -> int:
    """Wait until the crawl has indexed ``n`` ads (or ended); how many are indexed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and crawl.poll() is None:
        with contextlib.suppress(Exception):  # the index may be too new to count
            idx.refresh()
            if (count := idx.count()) >= n:
                return count
        time.sleep(0.5)
    idx.refresh()
    return idx.count()


def report(args: argparse.Namespace, rec: Recorder, logins: list[float], wall: float, indexed: tuple[int, int],
           crawl_state: str) -> int:
    total = sum(len(v) for v in rec.ms.values())
    errors = sum(len(v) for v in rec.errors.values())
    lines = [
        f"{args.users} users, {wall:.0f} s, {total} requests = **{total / wall:.1f} requests/s**, "
        f"errors {errors} (**{100 * errors / max(total, 1):.2f} %**); logins (one each, before the window): "
        f"p50 {pct(logins, 50):.0f} ms, max {max(logins):.0f} ms",
        f"crawl of a generated job board ({args.copies * 44} ads, scoring {'on' if args.crawl_score else 'off'}) "
        f"into the same index: {crawl_state}; "
        f"ads in the index {indexed[0]} when the users started, {indexed[1]} at the end of the window",
        "",
        "| endpoint | requests | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(rec.ms):
        ms = rec.ms[name]
        lines.append(f"| `{name}` | {len(ms)} | {len(rec.errors[name])} | {pct(ms, 50):.0f} | {pct(ms, 95):.0f} "
                     f"| {pct(ms, 99):.0f} |")
    every = [m for v in rec.ms.values() for m in v]
    lines.append(f"| all | {total} | {errors} | {pct(every, 50):.0f} | {pct(every, 95):.0f} | {pct(every, 99):.0f} |")
    lines.append("")
    lines.append(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("\n".join(lines))
    for name, errs in rec.errors.items():
        for err in errs[:5]:
            print(f"error {name}: {err}")
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine-url", default=None, help="an existing node [default: start and stop a local one]")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load after the logins")
    ap.add_argument("--copies", type=int, default=20, help="copies of the 44 demo job ads in the crawled site")
    ap.add_argument("--crawl-score", action="store_true", help="score the crawled ads too (slow on a small machine)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="anzuelo-load-") as tmp:
        errors = run(args, Path(tmp))
    return 1 if errors else 0  # zero errors is the bar


if __name__ == "__main__":
    sys.exit(main())

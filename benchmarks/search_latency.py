"""Search latency through the workbench JSON API vs the engine's own ``took``, as the index grows.

Bulk-generates synthetic ads under a throw-away index prefix, serves the
workbench with uvicorn on a free port, logs in, and runs a mix of /api/search
requests with free text (highlighting on) and filters. Prints p50/p95 of the
end-to-end HTTP latency next to the engine's ``took`` for the same requests,
and their ratio. Every search is also written to the audit log, as in production.

``--sizes 100000,1000000`` grows one index on one node: index 100,000 ads,
measure, add ads up to 1,000,000, measure again, with the same queries and the
same number of requests per size; per size it reports the index size on disk,
the indexing time, the engine's heap and the load average, and writes
``benchmarks/results/search_growth.json`` (and a plot). ``--docs N`` is one size.
The ads are the same for a size whichever way it is reached (``--sizes``
draws them from one generator of the largest size).

Without ``--engine-url`` it starts its own OpenSearch node (free port,
temporary data folder, ``--heap``) and always stops it and deletes the folder
at the end, even on errors or Ctrl-C.

    .venv/bin/python benchmarks/search_latency.py --sizes 100000,1000000   # 512m heap is enough (BENCHMARKS.md)
    .venv/bin/python benchmarks/search_latency.py --docs 20000
    .venv/bin/python benchmarks/search_latency.py --engine-url http://127.0.0.1:9200
"""

from __future__ import annotations

import argparse
import contextlib
import random
import signal
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import create_app  # noqa: E402
from workbench.auth import UserStore  # noqa: E402
from workbench.backend import Backend  # noqa: E402

WORDS = ("trabajo empleo vacante oferta agencia modelos meseras edecanes cocina limpieza ventas promotoras "
         "chofer bodega cosecha hotel restaurante atención cliente turno salario semanal quincenal viaje "
         "pagado alojamiento incluido exterior jóvenes experiencia requisitos contrato beneficios horario "
         "whatsapp telegram informes llamar enviar fotos documentos pasaporte urgente inmediato").split()
INDICATORS = ("age_targeting", "travel_paid", "private_contact", "no_experience", "urgency", "photo_request",
              "accommodation_provided", "upfront_fee_or_debt", "relocation_abroad", "high_pay_low_skill")
COUNTRIES = ("CO", "MX", "PE", "EC", "VE", "AR", "BR", "US", "ES", "GT")
QUERIES = [
    "q=viaje+pagado&sort=score",
    "q=modelos&risk=high",
    "q=trabajo+exterior&country=CO&country=MX",
    "q=%22sin+experiencia%22&has_whatsapp=1",
    "q=meseras+%7C+edecanes&min_score=0.5&sort=date",
    "q=alojamiento&indicator=travel_paid&status=online",
    "risk=high&lang=es&posted_from=2024-03-01",
    "q=pasaporte+-contrato&source=bench-2",
    "q=cosecha*&country=BR&lang=pt",
    "q=salario+semanal&seen_from=2024-04-01&max_score=0.9",
]


def synthetic_ads(n: int, seed: int = 7):
    """``n`` generated ads with contacts shared in small rings."""
    rnd = random.Random(seed)
    base = datetime(2024, 5, 1, tzinfo=timezone.utc)
    for i in range(n):
        score = round(rnd.random() ** 2, 3)
        when = base - timedelta(minutes=rnd.randrange(0, 90 * 24 * 60))
        ring = rnd.randrange(n // 20 or 1)
        yield {
            "id": f"b{i:07d}", "url": f"https://bench.example/{i}", "source": f"bench-{i % 5}",
            "title": " ".join(rnd.choices(WORDS, k=5)).capitalize(), "text": " ".join(rnd.choices(WORDS, k=60)),
            "country": rnd.choice(COUNTRIES), "lang": "pt" if i % 7 == 0 else "es", "status": "online" if i % 9 else "gone",
            "posted_at": when.isoformat(), "first_seen": when.isoformat(), "last_seen": base.isoformat(),
            "whatsapp": [f"+57300{ring:07d}"] if i % 3 == 0 else [], "phones": [f"+52155{ring:07d}"] if i % 4 == 0 else [],
            "telegram": [f"rec{ring}"] if i % 10 == 0 else [], "emails": [], "handles": [],
            "score": score, "risk": "high" if score >= 0.7 else "medium" if score >= 0.4 else "low",
            "indicators": rnd.sample(INDICATORS, k=rnd.randrange(0, 4)), "model_version": "bench",
        }


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


@contextlib.contextmanager
def engine_url(url: str | None, heap: str | None = None) -> Iterator[str]:
    """``url`` as is, or a throw-away local node (``heap``, default ANZUELO_ENGINE_HEAP) stopped on the way out."""
    if url:
        yield url
        return
    from anzuelo import settings
    from anzuelo.engine import LocalEngine
    from anzuelo.engine.net import free_port

    with tempfile.TemporaryDirectory(prefix="anzuelo-bench-") as tmp:
        node = LocalEngine(home=settings.home(), port=free_port(), data_dir=Path(tmp) / "data",
                           run_dir=Path(tmp) / "run", heap=heap or str(settings.get("ENGINE_HEAP")),
                           cluster_name="anzuelo-bench")
        try:
            node.start()
            print(f"started a benchmark node at {node.url} (heap {node.heap})")
            yield node.url
        finally:
            node.stop()
            print("benchmark node stopped")


@contextlib.contextmanager
def serve(backend: Backend) -> Iterator[str]:
    """The workbench over ``backend`` under uvicorn on a free port; yields its base URL, logged-in user bench."""
    UserStore(backend).add("bench", "viewer", "bench-password-1")
    app = create_app(backend, secret=uuid.uuid4().hex)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"the workbench did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def measure(base_url: str, requests: int) -> dict[str, list[float]]:
    """``requests`` searches over ``QUERIES`` (after one unmeasured round): wall ms, engine took ms, totals."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        client.post("/api/login", json={"name": "bench", "password": "bench-password-1"}).raise_for_status()
        for q in QUERIES:  # warm-up: caches and JIT, not measured
            client.get(f"/api/search?{q}").raise_for_status()
        wall, took, hits = [], [], []
        for i in range(requests):
            q = QUERIES[i % len(QUERIES)]
            t0 = time.perf_counter()
            r = client.get(f"/api/search?{q}")
            wall.append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()
            body = r.json()
            took.append(float(body["took_ms"]))
            hits.append(float(body["total"]))
    return {"api_ms": wall, "took_ms": took, "hits": hits}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine-url", default=None, help="an existing node [default: start and stop a local one]")
    ap.add_argument("--docs", type=int, default=100_000, help="one size [100000]")
    ap.add_argument("--sizes", default=None, help="grow one index through these sizes, e.g. 100000,1000000")
    ap.add_argument("--requests", type=int, default=300, help="measured searches per size [300]")
    ap.add_argument("--heap", default=None, help="heap of the node this starts [ANZUELO_ENGINE_HEAP, 512m]")
    ap.add_argument("--workers", type=int, default=2, help="bulk requests in flight while indexing [2]")
    ap.add_argument("--chunk", type=int, default=5000, help="ads per worker task (sent in INDEX_BULK_SIZE bulks)")
    ap.add_argument("--prefix", default=None, help="reuse an existing benchmark prefix (indexes only what is missing)")
    ap.add_argument("--keep", action="store_true", help="keep the benchmark indices afterwards")
    ap.add_argument("--out", type=Path, default=None,
                    help="JSON results [benchmarks/results/search_growth.json with --sizes, none with --docs]")
    ap.add_argument("--plot", type=Path, default=None, help="PNG of p95 vs size [next to --out]")
    args = ap.parse_args(argv)
    from benchmarks import search_growth as growth

    try:
        sizes = growth.parse_sizes(args.sizes) if args.sizes is not None else [args.docs]
    except ValueError as exc:
        ap.error(str(exc))  # exit 2
    if args.requests < 1 or args.workers < 1 or args.chunk < 1:
        ap.error("--requests, --workers and --chunk must be 1 or more")
    out = args.out or (ROOT / "benchmarks" / "results" / "search_growth.json" if args.sizes is not None else None)
    with engine_url(args.engine_url, args.heap) as url:
        report = growth.run(url, sizes, args)
    growth.print_report(report)
    if out:
        growth.write(report, out, args.plot or out.with_suffix(".png"))
    return 0


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


if __name__ == "__main__":
    # SIGTERM (kill, a runner giving up) and SIGINT (ignored in jobs started with & from a script) unwind
    # like Ctrl-C, so the node is stopped and its data folder deleted on the way out.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _interrupt)
    try:
        sys.exit(main())
    except KeyboardInterrupt as exc:
        print(f"interrupted ({exc or 'SIGINT'}): benchmark indices dropped (unless --keep), own node stopped", file=sys.stderr)
        sys.exit(130)

"""Search latency through the workbench JSON API vs the engine's own ``took``.

Bulk-generates N synthetic ads (default 100,000) under a throw-away index
prefix, serves the workbench with uvicorn on a free port, logs in, and runs a
mix of /api/search requests with free text (highlighting on) and filters.
Prints p50/p95 of the end-to-end HTTP latency next to the engine's ``took``
for the same requests, and their ratio. Every search is also written to the
audit log, as in production.

Without ``--engine-url`` it starts its own OpenSearch node (free port,
temporary data folder) and always stops it at the end, even on errors.

    .venv/bin/python benchmarks/search_latency.py --docs 20000
    .venv/bin/python benchmarks/search_latency.py --engine-url http://127.0.0.1:9200
"""

from __future__ import annotations

import argparse
import contextlib
import random
import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import uvicorn

from index import Index
from workbench import create_app
from workbench.auth import UserStore
from workbench.backend import Backend

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
def engine_url(url: str | None) -> Iterator[str]:
    """``url`` as is, or a throw-away local node that is stopped on the way out."""
    if url:
        yield url
        return
    from anzuelo import settings
    from anzuelo.engine import LocalEngine
    from anzuelo.engine.net import free_port

    with tempfile.TemporaryDirectory(prefix="anzuelo-bench-") as tmp:
        node = LocalEngine(home=settings.home(), port=free_port(), data_dir=Path(tmp) / "data",
                           run_dir=Path(tmp) / "run", heap=str(settings.get("ENGINE_HEAP")),
                           cluster_name="anzuelo-bench")
        try:
            node.start()
            print(f"started a benchmark node at {node.url}")
            yield node.url
        finally:
            node.stop()
            print("benchmark node stopped")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine-url", default=None, help="an existing node [default: start and stop a local one]")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--prefix", default=None, help="reuse an existing benchmark prefix (skips indexing)")
    ap.add_argument("--keep", action="store_true", help="keep the benchmark indices afterwards")
    args = ap.parse_args()
    with engine_url(args.engine_url) as url:
        run(url, args)


def run(url: str, args: argparse.Namespace) -> None:
    """Index (unless ``--prefix``), serve, measure, print; drops the indices unless ``--keep``."""
    prefix = args.prefix or f"bench{uuid.uuid4().hex[:6]}"
    print(f"index prefix {prefix}{' (kept)' if args.keep else ''}")
    idx = Index.connect(url, prefix=prefix)
    try:
        if not args.prefix:
            idx.ensure_ads_index()
            t0 = time.perf_counter()
            res = idx.bulk_upsert(synthetic_ads(args.docs))
            idx.refresh()
            print(f"indexed {res.indexed} ads in {time.perf_counter() - t0:.1f}s (failed {res.failed})")
        backend = Backend(idx)
        UserStore(backend).add("bench", "viewer", "bench-password-1")
        app = create_app(backend, secret=uuid.uuid4().hex)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            client.post("/api/login", json={"name": "bench", "password": "bench-password-1"}).raise_for_status()
            for q in QUERIES:  # warm-up: caches and JIT, not measured
                client.get(f"/api/search?{q}").raise_for_status()
            wall, took, hits = [], [], []
            for i in range(args.requests):
                q = QUERIES[i % len(QUERIES)]
                t0 = time.perf_counter()
                r = client.get(f"/api/search?{q}")
                wall.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
                body = r.json()
                took.append(float(body["took_ms"]))
                hits.append(body["total"])
        server.should_exit = True
        print(f"{args.requests} requests over {len(QUERIES)} queries (highlighting + filters), "
              f"{statistics.mean(hits):.0f} hits on average, {idx.count()} ads indexed")
        print(f"{'':18}{'p50 ms':>9}{'p95 ms':>9}")
        print(f"{'workbench API':18}{pct(wall, 50):9.1f}{pct(wall, 95):9.1f}")
        print(f"{'engine took':18}{pct(took, 50):9.1f}{pct(took, 95):9.1f}")
        print(f"ratio workbench/engine: p50 {pct(wall, 50) / max(pct(took, 50), 0.1):.2f}x, "
              f"p95 {pct(wall, 95) / max(pct(took, 95), 0.1):.2f}x")
    finally:
        if not args.keep:
            idx.drop_all()
        idx.close()


if __name__ == "__main__":
    main()

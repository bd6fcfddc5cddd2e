"""Indexing docs/s: anzuelo's bulk writer against a bare ``opensearchpy.helpers.bulk``.

Both writers get the same generated ads (``search_latency.synthetic_ads``, run
through the index pipeline's ``to_doc`` so they look like what a crawl sends),
into the same engine, each run into a fresh index of its own created from
``index.mapping`` (same settings, so the same refresh policy), timed from the
first request to the end of one ``_refresh`` (searchable). The writers:

- ``anzuelo``: ``index.bulk.bulk_upsert`` with ``Engine.bulk``, as the crawl's
  index pipeline calls it (partial upserts, per-item checks, retries, spool);
- ``bare``: ``helpers.bulk`` with the same operations (update + doc_as_upsert
  + retry_on_conflict), so the ratio is the writer's own overhead;
- ``bare-index`` (``--index-ops``): ``helpers.bulk`` with plain ``index``
  operations, to show what the partial upserts cost in the engine.

Runs alternate between writers and the chunk sizes are swept; the best of
``--repeat`` runs is reported per (writer, chunk size). Without
``--engine-url`` a throw-away local node is started and stopped.
``--client-only`` times the Python side alone (actions, JSON, reading the
answers) against an in-process ``send`` that serializes like the client and
answers every item 200: no engine, so the writer's own cost is not lost in its noise.

    .venv/bin/python benchmarks/bulk_speed.py --docs 20000 --repeat 3
    .venv/bin/python benchmarks/bulk_speed.py --docs 5000 --chunks 500 --repeat 1
    .venv/bin/python benchmarks/bulk_speed.py --client-only --chunks 500 --repeat 9
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.search_latency import engine_url, synthetic_ads  # noqa: E402
from crawler.pipelines.index import to_doc  # noqa: E402
from index import mapping  # noqa: E402
from index.bulk import RETRY_ON_CONFLICT, bulk_upsert  # noqa: E402
from index.client import Engine  # noqa: E402

Writer = Callable[[Engine, str, list[dict[str, Any]], int], int]


def docs_for(n: int) -> list[dict[str, Any]]:
    """``n`` ads as the crawl's index pipeline hands them to the bulk writer."""
    out = []
    for ad in synthetic_ads(n):
        ad["canonical_url"] = ad["url"]
        out.append(to_doc(ad))
    return out


def write_anzuelo(engine: Engine, index: str, docs: list[dict[str, Any]], chunk: int) -> int:
    result = bulk_upsert(engine.bulk, index, docs, chunk_size=chunk)
    return result.indexed


def write_bare(engine: Engine, index: str, docs: list[dict[str, Any]], chunk: int) -> int:
    from opensearchpy import helpers

    actions = ({"_op_type": "update", "_index": index, "_id": d["id"], "retry_on_conflict": RETRY_ON_CONFLICT,
                "doc": d, "doc_as_upsert": True} for d in docs)
    ok, _ = helpers.bulk(engine.client, actions, chunk_size=chunk, max_retries=5, initial_backoff=0.5)
    return ok


def write_bare_index(engine: Engine, index: str, docs: list[dict[str, Any]], chunk: int) -> int:
    from opensearchpy import helpers

    actions = ({"_index": index, "_id": d["id"], "_source": d} for d in docs)
    ok, _ = helpers.bulk(engine.client, actions, chunk_size=chunk, max_retries=5, initial_backoff=0.5)
    return ok


WRITERS: dict[str, Writer] = {"anzuelo": write_anzuelo, "bare": write_bare, "bare-index": write_bare_index}


def one_run(engine: Engine, writer: str, docs: list[dict[str, Any]], chunk: int, prefix: str) -> float:
    """docs/s of one write of ``docs`` into a fresh index, dropped afterwards."""
    index = f"{prefix}-{writer}-{chunk}-{uuid.uuid4().hex[:6]}"
    engine.request("PUT", f"/{index}", body=mapping.ads_index_body(1))
    try:
        t0 = time.perf_counter()
        written = WRITERS[writer](engine, index, docs, chunk)
        engine.request("POST", f"/{index}/_refresh")
        seconds = time.perf_counter() - t0
        count = engine.request("GET", f"/{index}/_count")["count"]
        if written != len(docs) or count != len(docs):
            raise SystemExit(f"{writer}: wrote {written}, engine counts {count}, expected {len(docs)}")
        return len(docs) / seconds
    finally:
        engine.request("DELETE", f"/{index}", ignore=(404,))


def client_only(docs: list[dict[str, Any]], chunks: list[int], repeat: int) -> None:
    """Seconds of each writer's Python side (best and median of alternating runs), no engine."""
    import statistics

    from opensearchpy.client.utils import _bulk_body
    from opensearchpy.serializer import JSONSerializer

    ser = JSONSerializer()

    def answer(n: int) -> dict:
        return {"errors": False, "items": [{"update": {"status": 200}} for _ in range(n)]}

    class Transport:
        serializer = ser

    class Client:  # what helpers.bulk calls: serialize the body as the real client does, answer 200s
        transport = Transport

        def bulk(self, *_: Any, body: Any = None, **__: Any) -> dict:
            return answer(_bulk_body(ser, body).count("\n") // 2)

    fake = type("E", (), {"client": Client()})()

    def send(ops: list[dict]) -> dict:
        _bulk_body(ser, ops)
        return answer(len(ops) // 2)

    print("| chunk | anzuelo s (best / median) | bare s (best / median) | speed anzuelo / bare (best) |\n|---|---|---|---|")
    for chunk in chunks:
        times: dict[str, list[float]] = {"anzuelo": [], "bare": []}
        for r in range(repeat):
            for w in (("anzuelo", "bare") if r % 2 == 0 else ("bare", "anzuelo")):
                t0 = time.perf_counter()
                if w == "anzuelo":
                    bulk_upsert(send, "x", docs, chunk_size=chunk)
                else:
                    write_bare(fake, "x", docs, chunk)
                times[w].append(time.perf_counter() - t0)
        a, b = times["anzuelo"], times["bare"]
        print(f"| {chunk} | {min(a):.2f} / {statistics.median(a):.2f} | {min(b):.2f} / {statistics.median(b):.2f} "
              f"| {min(b) / min(a):.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine-url", default=None, help="an existing node [default: start and stop a local one]")
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--chunks", default="100,250,500,1000,2000", help="chunk sizes to sweep, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per (writer, chunk); the best is kept")
    ap.add_argument("--index-ops", action="store_true", help="also time bare helpers.bulk with index operations")
    ap.add_argument("--client-only", action="store_true", help="time the Python side alone, no engine")
    args = ap.parse_args()
    chunks = [int(c) for c in args.chunks.split(",") if c.strip()]
    writers = ["anzuelo", "bare"] + (["bare-index"] if args.index_ops else [])
    docs = docs_for(args.docs)
    if args.client_only:
        print(f"{args.docs} docs, Python side only, {args.repeat} alternating runs; ratio > 1: anzuelo faster\n")
        client_only(docs, chunks, args.repeat)
        return
    with engine_url(args.engine_url) as url:
        engine = Engine.connect(url, timeout=120)
        prefix = f"benchbulk{uuid.uuid4().hex[:6]}"
        try:
            # Warm-up (JIT, caches, the first index creation), not measured.
            for w in writers:
                one_run(engine, w, docs[:2000], 500, prefix)
            best: dict[tuple[str, int], float] = {}
            for r in range(args.repeat):
                for chunk in chunks:
                    # Alternate who goes first, so neither always meets a warmer engine.
                    for w in (writers if (r + chunks.index(chunk)) % 2 == 0 else writers[::-1]):
                        rate = one_run(engine, w, docs, chunk, prefix)
                        best[(w, chunk)] = max(best.get((w, chunk), 0.0), rate)
                        print(f"run {r + 1} chunk {chunk:5d} {w:10s} {rate:8.0f} docs/s", flush=True)
        finally:
            engine.close()
    report(best, writers, chunks, args)


def report(best: dict[tuple[str, int], float], writers: list[str], chunks: list[int],
           args: argparse.Namespace) -> None:
    """The markdown table: best docs/s per writer and chunk size, and the anzuelo/bare ratio."""
    print(f"\n{args.docs} docs, best of {args.repeat} alternating runs, time to searchable (bulk + refresh)\n")
    head = "| chunk | " + " | ".join(f"{w} docs/s" for w in writers) + " | anzuelo / bare |"
    print(head)
    print("|" + "---|" * (len(writers) + 2))
    for c in chunks:
        cells = " | ".join(f"{best[(w, c)]:.0f}" for w in writers)
        print(f"| {c} | {cells} | {best[('anzuelo', c)] / best[('bare', c)]:.2f} |")
    top_a = max(chunks, key=lambda c: best[("anzuelo", c)])
    top_b = max(chunks, key=lambda c: best[("bare", c)])
    print(f"\nbest chunk: anzuelo {top_a} ({best[('anzuelo', top_a)]:.0f} docs/s), "
          f"bare {top_b} ({best[('bare', top_b)]:.0f} docs/s); "
          f"ratio at their best chunks {best[('anzuelo', top_a)] / best[('bare', top_b)]:.2f}")


if __name__ == "__main__":
    main()

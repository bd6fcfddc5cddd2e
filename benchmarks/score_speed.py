"""Ads per second of ``Scorer.score_batch``: today's encoder recipe against the fast one, in one run.

    .venv/bin/python benchmarks/score_speed.py [--old DIR] [--new DIR] [--n 192] [--batch 32]
        [--threads 2] [--repeat 2] [--profile]

``--old`` and ``--new`` are model folders. ``--new`` defaults to the shipped default model;
``--old`` to today's recipe before issue 11: the default model folder of commit ``OLD_REV``
(torch MiniLM, USE on the whole text, no cascade), read from git into a temporary folder.
``--new fast-keys`` runs the old folder's heads with the fast recipe's config keys
(``encoder_runtime: onnx-int8``, ``truncation: head+tail``, ``use_max_tokens: 256``): the
same work per ad as a model trained on that recipe, scores aside. For a model with a
cascade the share of ads that reached the encoders is printed too. The embedding cache
is off for both (fresh ads); one more line times the new recipe on a warm cache
(a re-crawl or a rescore of the same texts). Ads: the labelled ads of ``data/labelled``
and the real corpus in ``../shared/data/real`` (read at run time, when present),
interleaved. Each function runs once to warm up, then ``--repeat`` times interleaved
with the others (best time kept), so a load change on shared cores lands on all.
``--profile`` adds where the time goes: each encoder's tokenisation and forward,
the rules and the heads, by text length (old and new recipe).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "data" / "real"
FAST = {"encoder_runtime": "onnx-int8", "truncation": "head+tail", "use_max_tokens": 256}
#: The commit whose nlp/models/default is "today's recipe" of issue 11 (combo-ca8c7eb29d, torch, no cascade).
OLD_REV = "2bf743c"


def old_model_dir(rev: str = OLD_REV) -> Path:
    """``nlp/models/default`` as of ``rev``, extracted with ``git archive`` into a temporary folder."""
    import io
    import subprocess
    import tarfile

    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "nlp/models/default"], check=True,
                          capture_output=True).stdout
    out = Path(tempfile.mkdtemp(prefix="anzuelo-oldmodel-"))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(out, filter="data")
    return out / "nlp" / "models" / "default"


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def load_ads(n: int, source: str = "mix") -> list[dict]:
    """``n`` ads alternating labelled and real ones (labelled only when the real corpus is absent).

    ``source="heldout"``: the files of data/extra/heldout instead, which no shipped model was trained
    on: a cascade's gate is less sure of texts it never saw, so more of them reach the encoders.
    """
    if source == "heldout":
        rows = [r for f in sorted((ROOT / "data" / "extra" / "heldout").glob("*.jsonl")) for r in _rows(f)]
        ads = [{"title": r.get("title") or "", "text": r["text"], "lang": r.get("lang")} for r in rows]
        return (ads * (n // len(ads) + 1))[:n]
    lab = [r for f in sorted((ROOT / "data" / "labelled").glob("*.jsonl")) for r in _rows(f)]
    real = [r for f in sorted(REAL.glob("*.jsonl")) for r in _rows(f)] if REAL.is_dir() else []
    mixed = [r for pair in zip(lab, real) for r in pair] + lab[len(real):] + real[len(lab):]
    ads = [{"title": r.get("title") or "", "text": r["text"], "lang": r.get("lang")} for r in mixed]
    return (ads * (n // len(ads) + 1))[:n]


def timed(fns: dict, repeat: int) -> dict:
    """Best wall time of each function: one warm-up each, then the runs interleaved."""
    for fn in fns.values():
        fn()  # warm-up: lazy loads, ONNX session, spaCy pipelines, allocator
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best


def load_scorer(model_dir, extra: dict | None = None):
    from nlp.scorer import Scorer

    scorer = Scorer.load(model_dir)
    if extra:
        scorer.model.config.update(extra)
    # Encoders load lazily; load them now, under the cache setting in force for this scorer.
    _ = scorer.model.encoder, scorer.model.use_encoder
    return scorer


def profile(scorers: dict, ads: list[dict], batch: int) -> dict:
    """Seconds per ad of each part, by scored-text length (chars)."""
    from nlp.scorer import scored_text

    out = {}
    buckets = [(0, 500), (500, 1500), (1500, 4000), (4000, 10 ** 9)]
    for name, sc in scorers.items():
        m = sc.model
        mini, use = getattr(m.encoder, "inner", m.encoder), getattr(m.use_encoder, "inner", m.use_encoder)
        for lo, hi in buckets:
            sel = [a for a in ads if lo <= len(scored_text(a)) < hi]
            if not sel:
                continue
            texts = [scored_text(a) for a in sel]
            chunks = [texts[i:i + batch] for i in range(0, len(texts), batch)]
            tok = [mini.tokenize(c) for c in chunks]
            utok = [use.tokenize(c) if hasattr(use, "tokenize") else c for c in chunks]
            emb = m.embed(texts)
            inds = [[] for _ in texts]
            t = timed({
                "minilm_tokenize": lambda: [mini.tokenize(c) for c in chunks],
                "minilm_forward": lambda: [mini.forward(b) for b in tok],
                "use_tokenize": lambda: [use.tokenize(c) for c in chunks],
                "use_forward": lambda: [use.forward(u) for u in utok],
                "rules": lambda: [sc.analyse(a) for a in sel],
                "heads_tfidf": lambda: m.clf.predict_proba(texts, emb, inds),
            }, 1)
            out[f"{name} {lo}-{hi if hi < 10 ** 9 else ''} chars (n={len(sel)})"] = {
                k: round(1000 * v / len(sel), 2) for k, v in t.items()}
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--old", "--model", dest="old", default=None,
                    help=f"today's model folder [default: nlp/models/default at commit {OLD_REV}]")
    ap.add_argument("--new", default=None,
                    help="model folder of the fast recipe [default: the shipped default]; fast-keys: --old's heads "
                         "with the fast recipe's config keys")
    ap.add_argument("--n", type=int, default=192, help="ads per run")
    ap.add_argument("--ads", choices=("mix", "heldout"), default="mix",
                    help="mix: labelled ads and the real corpus interleaved (the shipped model's training texts); "
                         "heldout: data/extra/heldout, never trained on")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="also time each part of the scorer by text length")
    a = ap.parse_args(argv)
    from anzuelo import settings
    from nlp.model.encoder import set_threads

    settings.SCORE_EMBED_CACHE = "off"  # fresh ads: every text is embedded
    set_threads(a.threads)
    ads = load_ads(a.n, a.ads)
    threads = {"threads": a.threads}  # one thread count for torch, ONNX Runtime and numpy's BLAS alike
    a.old = a.old or old_model_dir()
    keys = a.new == "fast-keys"
    a.new = None if keys else a.new or str(ROOT / "nlp" / "models" / "default")
    old = load_scorer(a.old, threads)
    new = load_scorer(a.new, threads) if a.new else load_scorer(a.old, {**FAST, **threads})
    from nlp.model.use_encoder import UseEncoder

    # Today's code tokenised USE in pure Python; folders without the new keys now get the fast
    # tokenizer too (same ids), so "old" pins the package's own to measure today's recipe.
    old.model._use = UseEncoder(batch_size=old.model.config.get("batch_size", 32), threads=a.threads, fast=False)
    settings.SCORE_EMBED_CACHE = str(Path(tempfile.mkdtemp(prefix="anzuelo-embcache-")) / "e.sqlite")
    warm = load_scorer(a.new, threads) if a.new else load_scorer(a.old, {**FAST, **threads})
    batches = [ads[i:i + a.batch] for i in range(0, len(ads), a.batch)]

    embedded = [0, 0]  # ads that reached the encoders, ads scored (new recipe, cascade)

    def run(sc):
        def go():
            for b in batches:
                sc.score_batch(b)
                if sc is new and sc.model.last_embedded is not None:
                    embedded[0] += sc.model.last_embedded
                    embedded[1] += len(b)
        return go

    def rules():
        for ad in ads:
            old.analyse(ad)

    t = timed({"old": run(old), "new": run(new), "new_warm_cache": run(warm), "rules": rules}, a.repeat)
    rate = {k: round(len(ads) / v, 1) for k, v in t.items()}
    res = {"ads": len(ads), "source": a.ads, "batch": a.batch, "threads": a.threads, "repeat": a.repeat,
           "old_model": old.model_version, "new_model": new.model_version + ("" if a.new else " (fast keys)"),
           "old_recipe": {k: old.model.config.get(k) for k in FAST},
           "new_recipe": {k: new.model.config.get(k) for k in FAST},
           "old_ads_per_s": rate["old"], "new_ads_per_s": rate["new"],
           "new_warm_cache_ads_per_s": rate["new_warm_cache"], "rules_ads_per_s": rate["rules"],
           "ratio": round(rate["new"] / rate["old"], 2),
           "new_share_embedded": round(embedded[0] / embedded[1], 3) if embedded[1] else None}
    print(f"score_batch, today's recipe : {rate['old']:8.1f} ads/s  ({old.model_version})")
    print(f"score_batch, fast recipe    : {rate['new']:8.1f} ads/s  ({res['new_model']})")
    print(f"ratio new / old             : {res['ratio']:8.2f}  (target >= 4)")
    if res["new_share_embedded"] is not None:
        print(f"cascade: ads embedded       : {res['new_share_embedded']:8.1%}  (the rest settled by the gate)")
    print(f"fast recipe, warm cache     : {rate['new_warm_cache']:8.1f} ads/s  (re-crawl / rescore)")
    print(f"rules only                  : {rate['rules']:8.1f} ads/s")
    if a.profile:
        res["profile_ms_per_ad"] = profile({"old": old, "new": new}, ads, a.batch)
        for k, v in res["profile_ms_per_ad"].items():
            print(f"  {k:38s} " + "  ".join(f"{p} {ms:.1f}" for p, ms in v.items()))
    print(json.dumps(res))
    return res


if __name__ == "__main__":
    main()

"""Static MiniLM (model2vec) against the transformer runtimes: encode speed and combo PR-AUC, one run.

    .venv/bin/python benchmarks/static_embeddings.py [--n 256] [--repeat 2] [--threads 2]
        [--quality] [--variants static+use256ht,torch+use ...]

Speed: ads/s of ``encode`` for static MiniLM (``nlp.model.static_encoder``), MiniLM on
ONNX Runtime int8 with head+tail truncation at 192 tokens, and torch MiniLM (head, 192),
embedding cache off, on ``--n`` ads alternating labelled ones (``data/labelled``) and the real
corpus (``../shared/data/real``, read at run time; labelled only, said so, when absent). Each
encoder runs once to warm up, then ``--repeat`` times interleaved with the others (best kept).

Quality (``--quality``, needs the real corpus): PR-AUC at 2% prevalence of the ``combo``
recipe (encoders minilm+use, no cascade) with each variant's vectors, as ``anzuelo train``
evaluates it: (a) grouped 5-fold CV of data/labelled + data/extra with the real rows added to
every training fold at weight 0.15, scored on the 300 labelled ads (sources ``ads-dev*``);
(b) leave-one-source-out on the real corpus (``loso_folds``), our files and the other
sources training, real rows at weight 0.15. A variant is ``MINILM+USE``: MiniLM one of
``torch``, ``onnx`` (int8, head+tail 192), ``static`` or ``zero`` (a constant vector: the
combo without a MiniLM signal, the control), USE one of ``use`` (whole text) or ``use256ht``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "data" / "real"
MINILM, USE = ("torch", "onnx", "static", "zero"), ("use", "use256ht")
DEFAULT_VARIANTS = ("torch+use", "onnx+use256ht", "static+use256ht", "static+use", "zero+use256ht")


def minilm_encoders(threads: int | None) -> dict:
    """The three MiniLM runtimes, bare (no embedding cache)."""
    from nlp.model.encoder import Encoder
    from nlp.model.onnx_encoder import OnnxEncoder
    from nlp.model.static_encoder import StaticEncoder

    return {"static": StaticEncoder(),
            "onnx": OnnxEncoder(max_length=192, batch_size=32, truncation="head+tail", threads=threads),
            "torch": Encoder(max_length=192, batch_size=32)}


def speed(texts: list[str], encoders: dict, repeat: int) -> dict[str, float]:
    """Best ads/s of each encoder, runs interleaved so a load change lands on all."""
    for enc in encoders.values():
        enc.encode(texts[:32])  # warm-up: sessions, allocator, table pages
    best = {k: float("inf") for k in encoders}
    for _ in range(repeat):
        for k, enc in encoders.items():
            t = time.perf_counter()
            enc.encode(texts)
            best[k] = min(best[k], time.perf_counter() - t)
    return {k: len(texts) / v for k, v in best.items()}


def quality(variants: list[str], threads: int | None) -> dict[str, dict]:
    """Labelled-CV and real-LOSO PR-AUC@2% of the combo recipe per variant (out-of-fold, no cascade)."""
    from nlp.model.classifier import StackedClassifier
    from nlp.model.data import load_examples, load_real
    from nlp.model.features import indicator_names
    from nlp.model.metrics import prevalence_weights
    from nlp.model.realeval import judging_folds
    from nlp.model.select import near_duplicate_groups
    from nlp.model.train import example_indicators
    from nlp.model.use_encoder import UseEncoder
    from sklearn.metrics import average_precision_score

    ex = load_examples(sorted(ROOT.glob("data/labelled/*.jsonl")) + sorted(ROOT.glob("data/extra/*.jsonl")))
    real = load_real(REAL)
    nb, every = len(ex), ex + real
    texts, y = [e.text for e in every], np.array([e.label for e in every])
    inds, _ = example_indicators(every)
    names = indicator_names()
    groups = near_duplicate_groups(texts[:nb], [e.group for e in ex])
    lab = np.flatnonzero([e.source.startswith("ads-dev") for e in ex])
    ridx = np.arange(nb, len(y))
    folds = judging_folds(y[:nb], groups, real)

    emb: dict[str, np.ndarray] = {}
    minis = None
    for part in sorted({p for v in variants for p in v.split("+")}):
        t = time.perf_counter()
        if part in ("use", "use256ht"):
            enc = UseEncoder(batch_size=16, threads=threads, **({"max_tokens": 256, "truncation": "head+tail"}
                                                               if part == "use256ht" else {}))
            emb[part] = enc.encode(texts)
        elif part == "zero":
            emb[part] = np.full((len(texts), 8), 0.125, dtype=np.float32)
        else:
            minis = minis or minilm_encoders(threads)
            emb[part] = minis[part].encode(texts)
        print(f"  embedded {part:9s} {len(texts)} texts in {time.perf_counter() - t:6.1f} s", flush=True)

    def ap(idx, p):
        return float(average_precision_score(y[idx], p[idx], sample_weight=prevalence_weights(y[idx], 0.02)))

    out = {}
    for v in variants:
        m, u = v.split("+")
        e = {"minilm": emb[m], "use": emb[u]}
        p, t = np.full(len(y), np.nan), time.perf_counter()
        for tr, te, w in folds:
            clf = StackedClassifier("combo", seed=13, indicator_names=names, encoders=("minilm", "use"))
            clf.fit([texts[i] for i in tr], y[tr], {k: a[tr] for k, a in e.items()}, [inds[i] for i in tr],
                    sample_weight=w)
            p[te] = clf.predict_proba([texts[i] for i in te], {k: a[te] for k, a in e.items()}, [inds[i] for i in te])
        out[v] = {"labelled_cv": round(ap(lab, p), 4), "real_loso": round(ap(ridx, p), 4)}
        print(f"  {v:18s} labelled CV {out[v]['labelled_cv']:.4f}  real LOSO {out[v]['real_loso']:.4f}"
              f"  ({time.perf_counter() - t:.0f} s)", flush=True)
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=256, help="ads per speed run")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=None, help="torch / ONNX Runtime / USE threads")
    ap.add_argument("--quality", action="store_true", help="also the combo PR-AUC per variant (tens of minutes)")
    ap.add_argument("--variants", default=",".join(DEFAULT_VARIANTS), help="MINILM+USE, comma-separated")
    a = ap.parse_args(argv)
    from benchmarks.score_speed import load_ads
    from nlp.model.encoder import set_threads
    from nlp.scorer import scored_text

    set_threads(a.threads)
    if not REAL.is_dir():
        print(f"real corpus absent ({REAL}): speed on the labelled ads only; quality skipped", flush=True)
    variants = [v.strip() for v in a.variants.split(",") if v.strip()]
    bad = [v for v in variants if v.count("+") != 1 or v.split("+")[0] not in MINILM or v.split("+")[1] not in USE]
    if bad:
        ap.error(f"unknown variant(s) {', '.join(bad)}: MINILM+USE with MINILM in {'|'.join(MINILM)}, "
                 f"USE in {'|'.join(USE)}")
    texts = [scored_text(ad) for ad in load_ads(a.n)]
    rate = speed(texts, minilm_encoders(a.threads), a.repeat)
    res = {"ads": len(texts), "repeat": a.repeat, "threads": a.threads,
           "ads_per_s": {k: round(v, 1) for k, v in rate.items()},
           "static_over_onnx": round(rate["static"] / rate["onnx"], 1),
           "static_over_torch": round(rate["static"] / rate["torch"], 1)}
    print(f"encode, {len(texts)} ads (labelled + real interleaved), best of {a.repeat}:")
    for k, v in rate.items():
        print(f"  MiniLM {k:7s} {v:10.1f} ads/s   x{v / rate['torch']:7.1f} torch")
    if a.quality and REAL.is_dir():
        res["quality"] = quality(variants, a.threads)
    print(json.dumps(res))
    return res


if __name__ == "__main__":
    main()

"""What the cascade costs: the full head against gate + band, on the numbers the default model is judged by.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/cascade.py [--recipe fast|torch] [--recall-cost 0.01]
        [--false-alarm 0.005] [--out benchmarks/results]

Both columns come from the same fitted models (``StackedClassifier`` kind ``combo``,
MiniLM + USE, gate and band fitted inside every fold): ``full`` embeds every ad,
``cascade`` embeds only the ads the gate leaves in its band. Two evaluations, as
``anzuelo train`` does them (``nlp.model.train``):

* grouped 5-fold CV of our files (data/labelled + data/extra, the real corpus joining
  every training fold at weight 0.15), PR-AUC at 2% on the 300 labelled ads and on all;
* the real corpus (``../shared/data/real``, read here, never written) leave-one-source-out.

Also printed: the share of ads that reach the encoders (labelled ads, real postings,
real lures) and the recall the cascade costs at the medium and high thresholds of the
shipped default model. Embeddings go through the embedding cache (``ANZUELO_SCORE_EMBED_CACHE``),
so a second run only refits. Writes cascade.json to --out.
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
RECIPES = {"torch": {"encoder_runtime": "torch", "truncation": "head"},
           "fast": {"encoder_runtime": "onnx-int8", "truncation": "head+tail", "use_max_tokens": 256},
           "static": {"encoder_runtime": "static", "truncation": "head+tail", "use_max_tokens": 256}}


def load(recipe: str):
    """Our files + the real corpus: examples, indicators, embeddings of ``recipe``."""
    from nlp.model.data import load_examples, load_real
    from nlp.model.model import AnzueloModel
    from nlp.model.classifier import StackedClassifier
    from nlp.model.train import example_indicators

    ours = load_examples(sorted(ROOT.glob("data/labelled/*.jsonl")) + sorted(ROOT.glob("data/extra/*.jsonl")))
    real = load_real(REAL)
    every = ours + real
    inds, _ = example_indicators(every, progress=True)
    model = AnzueloModel(StackedClassifier("combo", encoders=("minilm", "use")),
                         {"max_length": 192, "batch_size": 16, **RECIPES[recipe]})
    emb = model.embed([e.text for e in every], progress=True)
    return ours, real, inds, emb


def fit_both(tr, te, texts, y, emb, inds, w, cascade):
    """(full, cascade, embedded mask) on rows ``te`` of one model fitted on rows ``tr``."""
    from nlp.model.classifier import StackedClassifier
    from nlp.model.features import indicator_names

    sub = lambda idx: {k: v[idx] for k, v in emb.items()}  # noqa: E731
    clf = StackedClassifier("combo", seed=13, indicator_names=indicator_names(), encoders=("minilm", "use"),
                            cascade=cascade)
    clf.fit([texts[i] for i in tr], y[tr], sub(tr), [inds[i] for i in tr], sample_weight=w)
    t_te, i_te = [texts[i] for i in te], [inds[i] for i in te]
    casc, inside = clf.predict_cascade(t_te, i_te, lambda idx: sub(te[idx]))
    clf.gate = None
    return clf.predict_proba(t_te, sub(te), i_te), casc, inside


def run(ours, real, inds, emb, cascade) -> dict:
    from nlp.model.realeval import judging_folds
    from nlp.model.select import near_duplicate_groups

    nb, every = len(ours), ours + real
    texts, y = [e.text for e in every], np.array([e.label for e in every])
    groups = near_duplicate_groups(texts[:nb], [e.group for e in ours])
    full, casc, inside = np.full(len(y), np.nan), np.full(len(y), np.nan), np.zeros(len(y), bool)
    folds = judging_folds(y[:nb], groups, real)
    from tqdm import tqdm

    for tr, te, w in tqdm(folds, desc="folds", unit="fold"):
        full[te], casc[te], inside[te] = fit_both(tr, te, texts, y, emb, inds, w, cascade)
    return {"y": y, "full": full, "cascade": casc, "inside": inside, "nb": nb,
            "labelled": np.r_[[e.source.startswith("ads-dev") for e in ours], np.zeros(len(real), bool)]}


def summary(r: dict, thresholds: dict) -> dict:
    from nlp.model.metrics import prevalence_weights
    from sklearn.metrics import average_precision_score

    y, nb = r["y"], r["nb"]
    sets = {"labelled ads (CV)": np.flatnonzero(r["labelled"]), "all our files (CV)": np.arange(nb),
            "real, leave-one-source-out": np.arange(nb, len(y))}
    out = {}
    for name, idx in sets.items():
        ap = {k: float(average_precision_score(y[idx], r[k][idx], sample_weight=prevalence_weights(y[idx], 0.02)))
              for k in ("full", "cascade")}
        out[name] = {"pr_auc_full": ap["full"], "pr_auc_cascade": ap["cascade"],
                     "change": ap["cascade"] - ap["full"]}
    real = np.arange(nb, len(y))
    out["share embedded"] = {"labelled ads": float(r["inside"][r["labelled"]].mean()),
                             "real postings": float(r["inside"][real][y[real] == 0].mean()),
                             "real lures": float(r["inside"][real][y[real] == 1].mean()),
                             "all rows": float(r["inside"].mean())}
    pos = y == 1
    out["recall"] = {f"{k} ({t:g})": {"full": float((r["full"][pos] >= t).mean()),
                                      "cascade": float((r["cascade"][pos] >= t).mean())}
                     for k, t in thresholds.items()}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--recipe", choices=sorted(RECIPES), default="fast")
    ap.add_argument("--recall-cost", type=float, default=0.01)
    ap.add_argument("--false-alarm", type=float, default=0.005)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    a = ap.parse_args(argv)
    if not (REAL / "postings.jsonl").is_file():
        print(f"real corpus not found in {REAL}: this benchmark needs ../shared/data/real", file=sys.stderr)
        return 2
    t = time.time()
    ours, real, inds, emb = load(a.recipe)
    r = run(ours, real, inds, emb, {"max_recall_cost": a.recall_cost, "max_false_alarm": a.false_alarm})
    thresholds = json.loads((ROOT / "nlp/models/default/config.json").read_text())["thresholds"]
    s = summary(r, thresholds)
    print(f"recipe {a.recipe}, band bounds: recall cost <= {a.recall_cost}, false alarms <= {a.false_alarm} "
          f"({time.time() - t:.0f} s)\n")
    print("| PR-AUC at 2% | full (every ad embedded) | cascade | change |\n|---|---|---|---|")
    for name in ("labelled ads (CV)", "all our files (CV)", "real, leave-one-source-out"):
        m = s[name]
        print(f"| {name} | {m['pr_auc_full']:.4f} | {m['pr_auc_cascade']:.4f} | {m['change']:+.4f} |")
    print("\n| share of ads embedded | " + " | ".join(s["share embedded"]) + " |\n|" + "---|" * 5)
    print("| cascade | " + " | ".join(f"{v:.1%}" for v in s["share embedded"].values()) + " |")
    print("\n| recall of lures (all rows) | full | cascade |\n|---|---|---|")
    for k, v in s["recall"].items():
        print(f"| at {k} | {v['full']:.3f} | {v['cascade']:.3f} |")
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "cascade.json").write_text(json.dumps({"recipe": a.recipe, "recall_cost": a.recall_cost,
                                                    "false_alarm": a.false_alarm, **s}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

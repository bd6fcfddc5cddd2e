"""EMSCAD as a new domain: does ``anzuelo train``'s recipe selection hold up on a held-out split?

Reads ``../shared/data/emscad/emscad-train.csv`` (real English employment scams, third-party:
read in place, never copied) and builds a group-deduplicated, stratified held-out split of it:
rows sharing a normalised title + company profile, or whose texts (profile left out) share
>= 50% of their word 5-shingles, form one group, and 25% of the groups (stratified) are held
out. On the remaining 75% it runs the selection of ``anzuelo train`` (grouped CV, PR-AUC at
EMSCAD's 4.84% prevalence, noise rule), then fits every candidate and the TF-IDF stand-in on
that part and scores the held-out rows, with 95% bootstrap intervals.

    .venv/bin/python benchmarks/emscad.py [--candidates linear,charngram,combo] [--cache /tmp/anzuelo-emscad]

Embeddings and rule indicators of the 1,349 rows are cached in ``--cache`` (they take most of the
time on a small machine), and so is each candidate's run (``--step-only`` computes some
candidates only, so several processes can share the work). The selection is the one of
``anzuelo train`` (``cross_validate``, ``candidate_rows``, ``choose``). One run, ratios and intervals
printed; nothing is timed in tests.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.model.candidates import ORDER, cross_validate, ordered, parse_candidates  # noqa: E402
from nlp.model.classifier import BASES, StackedClassifier  # noqa: E402
from nlp.model.data import load_examples  # noqa: E402
from nlp.model.features import indicator_names  # noqa: E402
from nlp.model.realeval import standin_proba  # noqa: E402
from nlp.model.select import candidate_rows, choose, holdout_split, near_duplicate_groups  # noqa: E402
from nlp.model.train import example_indicators  # noqa: E402

EMSCAD = ROOT.parent / "shared" / "data" / "emscad" / "emscad-train.csv"
PREVALENCE = 0.0484  # EMSCAD's own share of fraudulent postings (866 of 17,880)


def groups_of(path: Path, ids: list[str]) -> np.ndarray:
    """Near-duplicate groups: same normalised title + company profile, or 5-shingle Jaccard >= 0.5."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        raw = {r["job_id"]: r for r in csv.DictReader(fh)}
    norm = lambda s: re.sub(r"\W+", " ", (s or "").lower()).strip()  # noqa: E731
    rows = [raw[i.rsplit("-", 1)[1]] for i in ids]
    keys = [norm(r["title"]) + "|" + norm(r["company_profile"])[:300] for r in rows]
    texts = [" ".join(r[c] for c in ("title", "description", "requirements", "benefits")) for r in rows]
    return near_duplicate_groups(texts, keys)


def features(ex, cache: Path, encoders: tuple[str, ...]):
    """Rule indicators and embeddings of every row (cached: the slow part on a small machine)."""
    cache.mkdir(parents=True, exist_ok=True)
    f_inds, f_emb = cache / "inds.pkl", cache / f"emb-{'-'.join(encoders)}.npz"
    if f_inds.is_file():
        inds = pickle.loads(f_inds.read_bytes())
    else:
        inds = [[getattr(i, "name", i) for i in x] for x in example_indicators(ex, progress=True)[0]]
        f_inds.write_bytes(pickle.dumps(inds))
    if f_emb.is_file():
        with np.load(f_emb) as z:
            emb = {k: z[k] for k in z.files}
    else:
        from nlp.model.model import AnzueloModel

        m = AnzueloModel(StackedClassifier("combo", encoders=encoders), {"max_length": 192, "batch_size": 16})
        emb = m.embed([e.text for e in ex], progress=True)
        emb = emb if isinstance(emb, dict) else {"minilm": emb}
        np.savez(f_emb, **emb)
    return inds, emb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", type=Path, default=EMSCAD)
    ap.add_argument("--candidates", default="linear,charngram,combo")
    ap.add_argument("--encoders", default="minilm,use")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/anzuelo-emscad"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--folds", type=int, default=5, help="grouped CV folds of the selection")
    ap.add_argument("--split-seed", type=int, default=2026)
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    ap.add_argument("--step-only", action="store_true",
                    help="only compute (and cache) the --candidates' runs, no table: run several in parallel")
    a = ap.parse_args()
    if not a.csv.is_file():
        print(f"EMSCAD not found at {a.csv}: put ../shared/data/emscad beside the repo or pass --csv", file=sys.stderr)
        return 2
    names, encoders = ordered(parse_candidates(a.candidates)), tuple(a.encoders.split(","))
    ex = load_examples([a.csv])
    y = np.array([e.label for e in ex])
    groups = groups_of(a.csv, [e.id for e in ex])
    tr, te = holdout_split(y, groups, 0.25, a.split_seed)
    print(f"rows {len(ex)}, groups {len(set(groups))}; training part {len(tr)} ({y[tr].sum()} fraudulent), "
          f"held out {len(te)} ({y[te].sum()} fraudulent)")
    inds, emb = features(ex, a.cache, encoders)
    take = lambda seq, idx: {k: v[idx] for k, v in seq.items()} if isinstance(seq, dict) else [seq[i] for i in idx]  # noqa: E731
    texts, ind_names = [e.text for e in ex], indicator_names()
    data = {"texts": take(texts, tr), "y": y[tr], "groups": groups[tr], "emb": take(emb, tr), "inds": take(inds, tr),
            "names": ind_names, "extra": None}
    gs = [str(g) for g in groups[tr]]
    oofs, ps, fit_s = {}, {}, {}
    for k in names + ["stand-in"]:  # each step cached: run several --candidates in parallel processes
        f = a.cache / f"run-{k}-seed{a.seed}-split{a.split_seed}-folds{a.folds}.npz"
        if a.step_only and k == "stand-in":  # the table run fits it
            continue
        if not f.is_file():
            t = time.perf_counter()
            if k == "stand-in":
                oof, p = np.full(len(tr), np.nan), standin_proba(data["texts"], y[tr], take(texts, te), seed=a.seed)
            else:
                oof = cross_validate([k], data["texts"], y[tr], groups[tr], emb=data["emb"], inds=data["inds"],
                                     ind_names=ind_names, folds=a.folds, seed=a.seed, encoders=encoders,
                                     progress=True)[k]["oof"]
                clf = StackedClassifier(k, seed=a.seed, indicator_names=ind_names, encoders=encoders)
                e = take(emb, tr) if "emb" in BASES[k] else None
                clf.fit(data["texts"], y[tr], e, data["inds"], groups=gs)
                p = clf.predict_proba(take(texts, te), take(emb, te) if e is not None else None, take(inds, te))
            np.savez(f, oof=oof, p=p, s=time.perf_counter() - t)
            print(f"{k}: done in {time.perf_counter() - t:.0f} s", flush=True)
        if a.step_only:
            continue
        with np.load(f) as z:
            oofs[k], ps[k], fit_s[k] = z["oof"], z["p"], float(z["s"])
    if a.step_only:
        return 0
    # The selection of anzuelo train (same functions): grouped CV on the training part, noise rule.
    cv = {k: r for k, r in candidate_rows(y[tr], {k: oofs[k] for k in names}, PREVALENCE, a.seed).items()}
    chosen, why = choose([cv], ORDER) if len(names) > 1 else (names[0], "only candidate")
    print(f"selection by grouped {a.folds}-fold CV on the training part: {chosen}: {why}")
    table = [{"name": k, **{f"cv_{m}": v for m, v in cv[k].items() if m != "_boot"}} for k in names]
    rows = candidate_rows(y[te], ps, PREVALENCE, a.seed)
    cv = {r["name"]: r for r in table}
    fit_s = {k: v / (a.folds + 1) if k in names else v for k, v in fit_s.items()}  # candidates: CV folds + final fit
    print(f"\n| recipe | CV PR-AUC@4.84% (training part) | held-out PR-AUC@4.84% [95% interval] | held-out ROC-AUC "
          f"| held-out P@R80 | fit s (per fit) |\n|---|---|---|---|---|---|")
    for k in names + ["stand-in"]:
        r, mark = rows[k], " (selected)" if k == chosen else ""
        c = f"{cv[k]['cv_pr_auc']:.3f}" if k in cv else "-"
        print(f"| {k}{mark} | {c} | {r['pr_auc']:.3f} [{r['pr_auc_lo']:.3f}, {r['pr_auc_hi']:.3f}] | "
              f"{r['roc_auc']:.3f} | {r['p_at_r80']:.3f} | {fit_s[k]:.0f} |")
    print()
    for k in names:
        gain = rows[k]["_boot"] - rows["stand-in"]["_boot"]
        print(f"{k}{' (selected)' if k == chosen else ''} minus stand-in, held-out PR-AUC@4.84%: "
              f"{rows[k]['pr_auc'] - rows['stand-in']['pr_auc']:+.3f} (95% paired bootstrap interval "
              f"{np.percentile(gain, 2.5):+.3f}..{np.percentile(gain, 97.5):+.3f})")
    if a.json:
        a.json.write_text(json.dumps({"chosen": chosen, "why": why, "cv": table, "heldout": {
            k: {m: v for m, v in r.items() if m != "_boot"} for k, r in rows.items()}}, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())

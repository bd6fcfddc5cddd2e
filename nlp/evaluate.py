"""Indicator quality against the gold tags of the labelled ads.

``evaluate_indicators(records)`` returns a flat dict (setfit style):
``{"<indicator>/precision": p, "<indicator>/recall": r, "<indicator>/f1": f,
"<indicator>/<lang>/f1": ..., "micro/f1": ..., "macro/f1": ...}`` where each
record is a labelled ad (``text``, ``title``, ``lang``, ``country``,
``indicators``). Run ``python -m nlp.evaluate`` for a table.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from nlp.features import INDICATOR_NAMES

LABELLED_DIR = Path(__file__).resolve().parent.parent / "data" / "labelled"


def load_labelled(folder: Path = LABELLED_DIR) -> list[dict]:
    """Every labelled ad in ``folder/*.jsonl``."""
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predict_indicators(records: Iterable[Mapping[str, Any]], scorer=None) -> list[set[str]]:
    """The set of indicator names the rules find in each record."""
    from nlp.scorer import Scorer

    scorer = scorer or Scorer.load()
    return [{i.name for i in scorer.analyse(r)[2]} for r in records]


def evaluate_indicators(records: list[Mapping[str, Any]], predicted: list[set[str]] | None = None,
                        scorer=None) -> dict[str, float]:
    """Per-indicator and per-language precision/recall/F1 versus gold ``indicators``."""
    predicted = predicted if predicted is not None else predict_indicators(records, scorer)
    counts: Counter = Counter()
    for rec, pred in zip(records, predicted):
        gold = set(rec.get("indicators") or [])
        lang = rec.get("lang") or "und"
        for name in INDICATOR_NAMES:
            kind = "tp" if name in gold and name in pred else "fp" if name in pred else "fn" if name in gold else None
            if kind:
                for key in (name, f"{name}/{lang}", "micro", f"micro/{lang}"):
                    counts[(key, kind)] += 1
    out: dict[str, float] = {}
    keys = {k for k, _ in counts}
    for key in sorted(keys):
        p, r, f = _prf(counts[(key, "tp")], counts[(key, "fp")], counts[(key, "fn")])
        out[f"{key}/precision"], out[f"{key}/recall"], out[f"{key}/f1"] = p, r, f
        out[f"{key}/support"] = counts[(key, "tp")] + counts[(key, "fn")]
    f1s = [out[f"{n}/f1"] for n in INDICATOR_NAMES if f"{n}/f1" in out]
    out["macro/f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    return out


def main() -> None:  # pragma: no cover - a report for humans
    """Print the table: indicator, P/R/F1 overall and F1 per language."""
    records = load_labelled()
    res = evaluate_indicators(records)
    langs = sorted({r["lang"] for r in records})
    print(f"{'indicator':24} {'P':>5} {'R':>5} {'F1':>5} {'n':>4} " + " ".join(f"{l + ' P/R':>11}" for l in langs))
    for name in [*INDICATOR_NAMES, "micro"]:
        row = [res.get(f"{name}/{m}", 0) for m in ("precision", "recall", "f1")]
        per = " ".join(f"{res.get(f'{name}/{l}/precision', 0):5.2f}/{res.get(f'{name}/{l}/recall', 0):5.2f}" for l in langs)
        print(f"{name:24} {row[0]:5.2f} {row[1]:5.2f} {row[2]:5.2f} {int(res.get(f'{name}/support', 0)):4} {per}")
    print(f"macro F1 {res['macro/f1']:.3f}")
    sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    main()

"""The model card's side-by-side with the model it replaces (``anzuelo train --previous DIR``).

Numbers come from the two folders' ``config.json`` as each training recorded them, so a
reader sees at once what changed: the recipe (encoder runtime, truncation, cascade), the
labelled-set and all-files CV, the real-text leave-one-source-out and the thresholds.
Each number was measured by the trainer of its day: a change of the trainer between the
two (e.g. near-duplicate grouping) is named in the ``note``.
"""

from __future__ import annotations

import json
from pathlib import Path

ROWS = (
    ("grouped CV, 300 labelled ads, PR-AUC@2%", "cv_metrics", "labelled_p2_pr_auc"),
    ("grouped CV, all given rows, PR-AUC@2%", "cv_metrics", "all_p2_pr_auc"),
    ("real text, leave-one-source-out, PR-AUC@2%", "real_metrics", "real_p2_pr_auc"),
    ("real text, leave-one-source-out, ROC-AUC", "real_metrics", "real_roc_auc"),
    ("real text, Spanish, PR-AUC@2%", "real_metrics", "real_es_p2_pr_auc"),
)
SECTION = "## Compared with the model it replaces"
#: What a folder without the recipe keys runs (``nlp.model.runtime``).
RECIPE_DEFAULTS = {"encoder_runtime": "torch", "truncation": "head", "use_max_tokens": "whole text"}


def summary(config: dict) -> dict:
    """The figures of one model folder's config that the side-by-side shows."""
    band = config.get("cascade") or {}
    return {
        "version": config.get("version"),
        "recipe": ", ".join(f"{k} {config.get(k) or default}" for k, default in RECIPE_DEFAULTS.items()),
        "cascade": f"band [{band['lo']:.3f}, {band['hi']:.3f}], {band['share_rows']:.0%} of training rows embedded"
        if band else "none (every ad embedded)",
        "metrics": {label: (config.get(group) or {}).get(key) for label, group, key in ROWS},
        "thresholds": config.get("thresholds", {}),
    }


def section(new: dict, old: dict, note: str = "") -> str:
    """Markdown table: the replaced model's figures, this model's, and the change."""
    a, b = summary(old), summary(new)
    lines = [SECTION, "", f"| | replaced: `{a['version']}` | this: `{b['version']}` | change |", "|---|---|---|---|",
             f"| recipe | {a['recipe']} | {b['recipe']} | |", f"| cascade | {a['cascade']} | {b['cascade']} | |"]
    for label in a["metrics"]:
        x, y = a["metrics"][label], b["metrics"][label]
        change = f"{y - x:+.4f}" if x is not None and y is not None else ""
        lines.append(f"| {label} | {_f(x)} | {_f(y)} | {change} |")
    lines.append(f"| thresholds medium / high | {a['thresholds'].get('medium')} / {a['thresholds'].get('high')} | "
                 f"{b['thresholds'].get('medium')} / {b['thresholds'].get('high')} | |")
    return "\n".join(lines) + ("\n\n" + note if note else "") + "\n"


def read_config(model_dir: str | Path) -> dict:
    """A model folder's config.json (read before training overwrites the folder)."""
    return json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))


def add_previous(out_dir: str | Path, old: dict, note: str = "") -> None:
    """Record the replaced model's figures (its config ``old``) in ``out_dir``'s config and card; refresh the manifest."""
    from nlp.model.manifest import write_manifest

    out = Path(out_dir)
    cfg_path = out / "config.json"
    new = json.loads(cfg_path.read_text(encoding="utf-8"))
    new["previous"] = {**summary(old), "note": note}
    cfg_path.write_text(json.dumps(new, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    card = out / "README.md"
    text = card.read_text(encoding="utf-8")
    text = text.split("\n" + SECTION)[0].rstrip("\n") + "\n\n" + section(new, old, note)
    card.write_text(text, encoding="utf-8")
    write_manifest(out)


def _f(v) -> str:
    return "-" if v is None else f"{v:.4f}"

"""The model in use, as the labelling queue describes it: its decision threshold and what it was trained on.

The queue ranks ads by closeness to this model's ``medium`` threshold (the line between
"look at it" and "ignore"), and says how many labels the model learnt from and how many
investigators have added since, so they know when retraining is worth it.

Training time: ``trained_at`` of the config when present, else the version's registration
time in the registry, else the time ``config.json`` was written (a folder given with
``--model``). The built-in default was trained on no index labels: every label is new to it.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from nlp.model.registry import BUILTIN_DIR, Registry, read_config

#: Labels file ``anzuelo train --from-labels`` writes beside the model (anzuelo.cli._train_labels).
INDEX_LABELS_FILE = "index-labels.jsonl"


def active_model_dir(model_dir: str | Path | None = None, models_dir: str | Path | None = None) -> Path:
    """``model_dir``; else the promoted version; else the built-in default (as scoring resolves it)."""
    if model_dir is not None:
        return Path(model_dir).expanduser()
    return Registry(models_dir).promoted_dir() or BUILTIN_DIR


def _trained_at(d: Path, config: dict[str, Any], models_dir: str | Path | None) -> str | None:
    if config.get("trained_at"):
        return str(config["trained_at"])
    if d.resolve() == BUILTIN_DIR.resolve():
        return None
    reg = Registry(models_dir)
    record = reg.registered().get(str(config.get("version", "")))
    if record and d.resolve().parent == reg.versions_dir.resolve():
        return str(record["at"])
    mtime = (d / "config.json").stat().st_mtime
    return datetime.fromtimestamp(mtime, timezone.utc).isoformat(timespec="seconds")


def model_info(model_dir: str | Path | None = None, models_dir: str | Path | None = None) -> dict[str, Any]:
    """Version, decision threshold, rows and index labels trained on, and when (see the module doc)."""
    d = active_model_dir(model_dir, models_dir)
    config = read_config(d)
    thresholds = config.get("thresholds") or {"medium": 0.5, "high": 0.8}
    index_labels = None
    if (d / INDEX_LABELS_FILE).is_file():
        lines = (d / INDEX_LABELS_FILE).read_text(encoding="utf-8").splitlines()
        index_labels = sum(1 for x in lines if x.strip() and _is_json(x))
    version = str(config.get("version", ""))
    return {"version": version, "path": str(d), "builtin": d.resolve() == BUILTIN_DIR.resolve(),
            "threshold": float(thresholds.get("medium", 0.5)), "thresholds": thresholds,
            "n_train": config.get("n_train"), "index_labels": index_labels,
            "data_fingerprint": config.get("data_fingerprint") or version.rpartition("-")[2],
            "trained_at": _trained_at(d, config, models_dir)}


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False

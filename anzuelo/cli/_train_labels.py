"""``anzuelo train --from-labels``: investigators' labels from the index as one more data file.

The options live here, as one decorator on ``train``, so the training command
keeps one entry point: the labels are read (``nlp.model.labels_source``),
reported (counts per class and labeller, a table of conflicts), written as
``<out>/index-labels.jsonl`` beside the model (what it was trained on stays
inspectable) and passed to ``nlp.model.train.train`` with the DATA files.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.errors import InputError

LABELS_FILE = "index-labels.jsonl"


def read_index_labels(index: str | None, resolve: str | None) -> Any:
    """The ``LabelSet`` of the index (``index``: alias or index name; default the ads alias)."""
    from index import Index
    from nlp.model.labels_source import collect, labelled_ads

    idx = Index.connect(settings.engine_url(), prefix=str(settings.get("INDEX_PREFIX")))
    try:
        return collect(labelled_ads(idx.engine, index or idx.ads_alias), resolve)
    finally:
        idx.close()


def print_labels(found: Any, resolve: str | None) -> None:
    """Counts per class and per labeller, then the conflicts as a table."""
    s = found.summary()
    click.echo(f"labels from the index: {s['rows']} ads used ("
               + ", ".join(f"{k} {v}" for k, v in sorted(s["per_class"].items())) + f"), {s['excluded']} left out")
    for user, counts in s["per_labeller"].items():
        click.echo(f"  labeller {user}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if s["conflicts"]:
        what = f"resolved by --resolve {resolve}" if resolve else "left out (use --resolve latest|majority)"
        click.echo(f"{len(s['conflicts'])} ads with conflicting labels, {what}:")
        click.echo(f"  {'ad':<14} {'labellers':<24} labels")
        for c in s["conflicts"]:
            users = ", ".join(c["votes"])
            labels = ", ".join(c["votes"].values()) + (f" -> {c['resolved']}" if c["resolved"] else "")
            click.echo(f"  {str(c['id'])[:12]:<14} {users[:24]:<24} {labels}")


def from_labels_options(fn):
    """Add --from-labels/--index/--resolve/--labels-only/--json to ``train`` and feed it the labels."""

    @click.option("--from-labels", is_flag=True, help="Also train on investigators' labels stored in the index.")
    @click.option("--index", "labels_index", default=None, help="Alias or index to read labels from [default: the ads alias].")
    @click.option("--resolve", type=click.Choice(["latest", "majority"]), default=None,
                  help="Keep ads with conflicting labels, labelled by the latest vote or the majority.")
    @click.option("--labels-only", is_flag=True, help="Report the labels and write <out>/index-labels.jsonl; no training.")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON summary (labels, model) on stdout.")
    @functools.wraps(fn)
    def wrapper(*args: Any, from_labels: bool, labels_index: str | None, resolve: str | None, labels_only: bool,
                as_json: bool, **kwargs: Any) -> int:
        data, out = list(kwargs.get("data") or ()), Path(kwargs["out_dir"])
        if (labels_index or resolve or labels_only) and not from_labels:
            raise InputError("--index, --resolve and --labels-only go with --from-labels", "add --from-labels")
        if not data and not from_labels:
            raise InputError("no training data given", "name DATA files, or add --from-labels to use the index")
        summary: dict[str, Any] = {}
        with contextlib.redirect_stdout(sys.stderr) if as_json else contextlib.nullcontext():
            if from_labels:
                found = read_index_labels(labels_index, resolve)
                print_labels(found, resolve)
                summary["labels"] = found.summary()
                if not found.rows and (labels_only or not data):
                    raise InputError("no usable labels in the index", "label ads in the workbench (deceptive or legitimate)")
                out.mkdir(parents=True, exist_ok=True)
                path = out / LABELS_FILE
                path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in found.rows), encoding="utf-8")
                summary["labels_file"] = str(path)
                data += [str(path)] if found.rows else []
            code = 0 if labels_only else fn(*args, **{**kwargs, "data": tuple(data)})
        if not labels_only and (out / "config.json").is_file():
            summary["model_version"] = json.loads((out / "config.json").read_text(encoding="utf-8")).get("version")
        if as_json:
            click.echo(json.dumps({**summary, "out": str(out), "data": data}, ensure_ascii=False))
        return code

    return wrapper

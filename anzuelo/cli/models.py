"""``anzuelo models``: the registry of trained versions (list, show, register, compare, promote, rollback, convert).

Logic lives in ``nlp.model.registry`` (versions, promotion history), ``nlp.model.compare``
(side-by-side metrics) and ``nlp.model.model`` (the pickle-free format); this module wires them.
"""

from __future__ import annotations

import json
import math
import uuid
from pathlib import Path

import click

from anzuelo import settings
from anzuelo.errors import AnzueloError, InputError

PREVALENCE = 0.02
_test = click.option("--test", "test_paths", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Labelled test file(s) (JSONL like data/labelled, or CSV). Repeatable.")
_prev = click.option("--prevalence", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True), default=PREVALENCE,
                     show_default=True, help="Share of deceptive ads the metrics assume (legitimate rows re-weighted).")
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def models_settings() -> dict:
    """The registry folder and the promotion noise margin, from ANZUELO_MODELS_DIR / _PROMOTE_MARGIN."""
    from nlp.model.registry import default_models_dir

    return {"root": default_models_dir(), "margin": float(settings.get("MODELS_PROMOTE_MARGIN"))}


def _registry():
    from nlp.model.registry import Registry

    return Registry(models_settings()["root"])


def _out(data, as_json: bool, text: str) -> None:
    if as_json:
        clean = json.loads(json.dumps(data, default=str), parse_constant=lambda _: None)
        click.echo(json.dumps(_nan_free(clean), indent=2, ensure_ascii=False))
    else:
        click.echo(text)


def _nan_free(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dict):
        return {k: _nan_free(v) for k, v in x.items()}
    return [_nan_free(v) for v in x] if isinstance(x, list) else x


def table(header: list[str], rows: list[list]) -> str:
    """Plain aligned columns (numbers with 3 decimals, NaN as '-')."""
    fmt = lambda v: "-" if v is None or (isinstance(v, float) and math.isnan(v)) else (  # noqa: E731
        f"{v:.3f}" if isinstance(v, float) else str(v))
    cells = [header] + [[fmt(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells)


@click.group()
def models() -> None:
    """Model versions: register, compare on test data, promote (never a worse one), roll back.

    \b
    The promoted version is what crawls, ingest, score, rescore and evaluate load
    when no --model is given (the workbench shows their scores); with nothing promoted,
    the built-in nlp/models/default.
    Folder: ANZUELO_MODELS_DIR (default ~/.anzuelo/models). See docs/models.md.
    """


@models.command("list")
@_json
def list_(as_json: bool) -> None:
    """Every version: built-in and registered, with the promoted one marked."""
    from nlp.model.registry import BUILTIN, BUILTIN_DIR, read_config

    reg = _registry()
    current = reg.current()
    rows = [{"version": BUILTIN, "id": reg.builtin_version(), "path": str(BUILTIN_DIR), "registered": "",
             **_summary(read_config(BUILTIN_DIR)), "promoted": current is None}]
    for v, rec in reg.registered().items():
        rows.append({"version": v, "id": v, "path": str(reg.versions_dir / v), "registered": rec["at"],
                     **_summary(read_config(reg.versions_dir / v)), "promoted": v == current})
    _out(rows, as_json, table(["", "version", "kind", "rows", "data", "CV PR-AUC@2%", "registered"],
                              [["*" if r["promoted"] else "", r["version"] if r["version"] == r["id"] else
                                f"{r['version']} ({r['id']})", r["kind"], r["n_train"], r["data_fingerprint"],
                                r["cv_pr_auc_p2"], r["registered"]] for r in rows]) + "\n* = in use")


def _summary(config: dict) -> dict:
    version = str(config.get("version", ""))
    return {"kind": config.get("kind", ""), "n_train": config.get("n_train"),
            "data_fingerprint": config.get("data_fingerprint") or version.rpartition("-")[2],
            "cv_pr_auc_p2": (config.get("cv_metrics") or {}).get("all_p2_pr_auc"),
            "thresholds": config.get("thresholds")}


@models.command()
@click.argument("version")
@_json
def show(version: str, as_json: bool) -> None:
    """One version's card summary: data, fingerprint, metrics, thresholds, files checked."""
    from nlp.model.manifest import verify_manifest
    from nlp.model.registry import read_config

    reg = _registry()
    d = reg.resolve(version)
    config = read_config(d)
    info = {"version": config.get("version"), "path": str(d), **_summary(config), "data": config.get("data"),
            "real_data": config.get("real_data"), "command": config.get("command"),
            "promoted": config.get("version") == (reg.current() or reg.builtin_version()),
            "files_checked": sorted(verify_manifest(d)["files"]) if config.get("kind") != "rules" else [],
            "cv_metrics": config.get("cv_metrics", {})}
    text = "\n".join(f"{k}: {v}" for k, v in info.items() if k != "cv_metrics")
    text += f"\ncard: {d / 'README.md'}" if (d / "README.md").is_file() else ""
    _out(info, as_json, text)


@models.command()
@click.argument("model_dir", type=click.Path(exists=True, file_okay=False))
@_json
def register(model_dir: str, as_json: bool) -> None:
    """Copy a trained model folder (checked against its manifest) into the registry."""
    version = _registry().register(model_dir)
    _out({"version": version}, as_json, f"registered {version}")


@models.command()
@click.argument("versions", nargs=-1, required=True)
@_test
@_prev
@_json
def compare(versions, test_paths, prevalence: float, as_json: bool) -> None:
    """Score VERSIONS (ids, 'builtin', or model folders) on the same --test data, side by side."""
    if not test_paths:
        raise InputError("compare needs test data", "add --test FILE (labelled JSONL or CSV), repeatable")
    res = _compare(list(versions), list(test_paths), prevalence)
    names = list(res)
    scopes = ["all"] + sorted({k[:-2] for m in res.values() for k in m if k.endswith("_n") and not k.startswith("all")})
    rows = []
    for scope in scopes:
        for key, label in (("pr_auc", "PR-AUC"), ("p_at_r80", "P@R80"), ("roc_auc", "ROC-AUC"), ("ece", "ECE")):
            if scope == "all" or key in ("pr_auc", "p_at_r80"):
                rows.append([f"{scope} {label}"] + [res[n].get(f"{scope}_{key}") for n in names])
        rows.append([f"{scope} rows"] + [res[n].get(f"{scope}_n") for n in names])
    _out({"prevalence": prevalence, "test": list(test_paths), "versions": res}, as_json,
         f"at {prevalence:.2%} prevalence:\n" + table(["metric", *names], rows))


def _compare(names: list[str], paths: list[str], prevalence: float) -> dict:
    from nlp.model.promotion import compare_versions

    return compare_versions(_registry(), names, paths, prevalence, report_bad=_warn)


def _warn(message: str) -> None:
    click.secho(f"warning: {message}", fg="yellow", err=True)


@models.command()
@click.argument("version")
@_test
@_prev
@click.option("--force", is_flag=True, help="Promote even if worse or untested (recorded in the audit log).")
@_json
def promote(version: str, test_paths, prevalence: float, force: bool, as_json: bool) -> int:
    """Make VERSION (an id, or a model folder, registered first) the one everything loads.

    Refused when its PR-AUC at --prevalence on --test is below the promoted one's by more
    than ANZUELO_MODELS_PROMOTE_MARGIN, unless --force.
    """
    from nlp.model import promotion
    from nlp.model.registry import BUILTIN

    reg, margin = _registry(), models_settings()["margin"]
    if Path(version).expanduser().is_dir() and version not in reg.registered():
        version = reg.register(version)
    reg.resolve(version)
    current = reg.current() or BUILTIN
    if version == current:
        _out({"version": version, "promoted": True, "changed": False}, as_json, f"{version} is already promoted")
        return 0
    if not test_paths and not force:
        raise InputError(f"promoting {version} needs test data to compare it with {current}",
                         "add --test FILE (labelled), or --force to promote untested (audited)")
    result = {"version": version, "previous": current, "margin": margin, "prevalence": prevalence}
    if test_paths:
        result = promotion.check(reg, version, list(test_paths), prevalence, margin, report_bad=_warn)
    result["forced"] = force
    if result.get("worse") and not force:
        click.secho(f"refused: {version} PR-AUC at {prevalence:.2%} prevalence {result['pr_auc']:.4f} is below "
                    f"{current}'s {result['previous_pr_auc']:.4f} by more than {margin}", fg="red", err=True)
        click.echo("  hint: improve the model, or promote anyway with --force (recorded in the audit log)", err=True)
        if as_json:
            _out({**result, "promoted": False}, True, "")
        return 1
    detail = promotion.detail(result, list(test_paths), force)
    record = reg.promote(version, forced=force, detail=detail)
    result.update({"promoted": True, "engine_audit": _engine_audit(record)})
    _out(result, as_json, f"promoted {version} (was {current}); {detail}\naudit: {reg.audit_file} "
                          f"(engine: {result['engine_audit']})")
    return 0


@models.command()
@_json
def rollback(as_json: bool) -> None:
    """Go back to the version promoted before the current one (at the bottom: the built-in default)."""
    from nlp.model.registry import BUILTIN

    reg = _registry()
    record = reg.rollback()
    now = record["version"] or BUILTIN
    _out({"version": now, "previous": record["previous"], "engine_audit": _engine_audit(record)}, as_json,
         f"rolled back from {record['previous']} to {now}")


@models.command()
@click.argument("model_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--trust", is_flag=True, help="You vouch for the folder: its pickle is read once to convert it.")
@_json
def convert(model_dir: str, trust: bool, as_json: bool) -> None:
    """Rewrite an old pickled model folder (heads.joblib) in the pickle-free format, with a manifest."""
    from nlp.model.model import AnzueloModel, convert_legacy

    d = convert_legacy(model_dir, trust=trust)
    model = AnzueloModel.load(d)  # proves the converted folder loads without the pickle
    _out({"path": str(d), "version": model.version}, as_json, f"converted {d} ({model.version}); heads.joblib removed")


def _engine_audit(record: dict) -> str:
    """Write the audit entry to the engine's audit store too, when an engine answers."""
    from nlp.model.registry import audit_entry

    try:
        from index import Index
        from workbench.backend import Backend

        # The usual engine timeout: the first entry may create the audit store. A stopped engine refuses at once.
        be = Backend(Index.connect(settings.engine_url(), prefix=str(settings.get("INDEX_PREFIX")),
                                   timeout=float(settings.get("INDEX_TIMEOUT"))))
        be.put_doc("audit", uuid.uuid1().hex, audit_entry(record), refresh=False)
    except AnzueloError as exc:
        return f"not written ({exc.message.splitlines()[0].split(' (')[0][:200]})"
    return "written"


commands = [models]

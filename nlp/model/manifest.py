"""``manifest.json``: the SHA-256 of every file of a model folder, checked before anything is loaded.

A model folder is copied between machines and shared between investigators;
the manifest makes a changed or swapped file (a tampered vocabulary, a card
edited to hide a failure mode) a clear refusal instead of silently different
scores. The registry copies folders with their manifest and checks it again.
"""

from __future__ import annotations

import json
from pathlib import Path

from anzuelo.errors import AnzueloError
from anzuelo.hashing import sha256_file

MANIFEST = "manifest.json"
FORMAT = "anzuelo-model-manifest/1"


def write_manifest(model_dir: str | Path) -> dict:
    """(Re)write ``manifest.json`` over every plain file in ``model_dir``; returns it."""
    d = Path(model_dir)
    files = {p.name: sha256_file(p) for p in sorted(d.iterdir()) if p.is_file() and p.name != MANIFEST}
    manifest = {"format": FORMAT, "files": files}
    (d / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def manifest_digest(model_dir: str | Path) -> str:
    """SHA-256 of the manifest itself: one id for the whole folder's content."""
    return sha256_file(Path(model_dir) / MANIFEST)


def verify_manifest(model_dir: str | Path, required: tuple[str, ...] = ()) -> dict:
    """Check every listed file against its SHA-256; ``required`` files must be listed.

    Raises ``AnzueloError`` naming the first file that is missing or changed.
    """
    d = Path(model_dir)
    fix = "re-copy the folder from where it was trained, or retrain it (anzuelo train ... --out DIR)"
    path = d / MANIFEST
    if not path.is_file():
        raise AnzueloError(f"model in {d} has no {MANIFEST}: its files cannot be checked, so it is not loaded",
                           "retrain it, or if you trust where it came from: anzuelo models convert DIR --trust")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = dict(manifest["files"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AnzueloError(f"{path} is not a valid manifest ({exc})", fix) from None
    for name in required:
        if name not in files:
            raise AnzueloError(f"{path} does not list {name}: that file is unchecked, so the model is not loaded", fix)
    for name, digest in sorted(files.items()):
        f = d / name
        if Path(name).name != name:
            raise AnzueloError(f"{path} lists {name!r}, which is not a file of the folder", fix)
        if not f.is_file():
            raise AnzueloError(f"model file {f} listed in {MANIFEST} is missing", fix)
        if sha256_file(f) != digest:
            raise AnzueloError(f"model file {f} does not match its SHA-256 in {MANIFEST} (changed after it was "
                               "written): refusing to load it", fix)
    return manifest

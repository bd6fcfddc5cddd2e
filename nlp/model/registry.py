"""The model registry: trained versions side by side, one of them promoted, and the history to roll back.

Layout of the models folder (``ANZUELO_MODELS_DIR``, default ``~/.anzuelo/models``)::

    versions/<version>/   a model folder (config, pickle-free heads, card, manifest) named by its version id
    registry.jsonl        one line per registration: version, time, source folder, SHA-256 of its manifest
    promotions.jsonl      append-only history of promotions and rollbacks (replayed as a stack)
    audit.jsonl           who promoted or rolled back what, when, and whether it was forced

The shipped ``nlp/models/default`` is the built-in version (also called ``builtin``),
always available and used while nothing is promoted. A promoted folder is
loaded only when its manifest still has the SHA-256 recorded at registration,
so swapping a whole folder, manifest included, is refused too.
"""

from __future__ import annotations

import getpass
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

from anzuelo.errors import AnzueloError, InputError
from nlp.model.manifest import manifest_digest, verify_manifest

BUILTIN = "builtin"
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "models" / "default"


def default_models_dir() -> Path:
    """``ANZUELO_MODELS_DIR`` (relative paths are under ``ANZUELO_HOME``), not created."""
    from anzuelo import settings

    return Path(str(settings.get("HOME"))).expanduser() / str(settings.get("MODELS_DIR"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError:
                raise AnzueloError(f"{path} line {n} is not JSON",
                                   "restore the file from a backup or fix that line") from None
    return out


def _append(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()


def read_config(model_dir: Path) -> dict:
    try:
        return json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnzueloError(f"no readable config.json in {model_dir} ({exc})",
                           "pass a model folder written by anzuelo train") from None


class Registry:
    """Versions under ``root``; ``promoted_dir()`` is what scoring loads when no ``--model`` is given."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_models_dir()
        self.versions_dir = self.root / "versions"
        self.registry_file, self.history_file = self.root / "registry.jsonl", self.root / "promotions.jsonl"
        self.audit_file = self.root / "audit.jsonl"

    # --- versions ---------------------------------------------------------------
    def registered(self) -> dict[str, dict]:
        """Version -> its latest registration record."""
        return {r["version"]: r for r in _read_jsonl(self.registry_file)}

    def builtin_version(self) -> str:
        if not (BUILTIN_DIR / "config.json").is_file():
            return BUILTIN
        return str(read_config(BUILTIN_DIR).get("version", BUILTIN))

    def resolve(self, version: str) -> Path:
        """Folder of ``version``: ``builtin``, a registered version id, or a model folder path."""
        if version in (BUILTIN, "default") or version == self.builtin_version() and version not in self.registered():
            return BUILTIN_DIR
        if version in self.registered():
            return self.versions_dir / version
        path = Path(version).expanduser()
        if (path / "config.json").is_file():
            return path
        known = ", ".join([BUILTIN, *self.registered()])
        raise InputError(f"no model version {version!r}", f"known versions: {known} (or pass a model folder)")

    def register(self, model_dir: str | Path, source: str = "") -> str:
        """Copy a checked model folder in as ``versions/<version>``; returns the version id.

        Registering the same content again is a no-op; other content under a known id is refused.
        """
        src = Path(model_dir)
        verify_manifest(src)
        version = str(read_config(src).get("version") or "")
        if not version or Path(version).name != version or version in (BUILTIN, "default"):
            raise InputError(f"model in {src} has no usable version id ({version!r})", "retrain it with anzuelo train")
        digest = manifest_digest(src)
        known = self.registered().get(version)
        if known:
            if known["manifest_sha256"] != digest:
                raise AnzueloError(f"version {version} is already registered with other content",
                                   "retrain (a new version id) or remove the old folder from the registry by hand")
            return version
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.versions_dir / f".{version}.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(src, tmp)
        verify_manifest(tmp)  # the copy, not only the source, must match
        shutil.rmtree(self.versions_dir / version, ignore_errors=True)
        tmp.rename(self.versions_dir / version)  # atomic: a half-copied version is never visible
        _append(self.registry_file, {"version": version, "at": _now(), "source": source or str(src.resolve()),
                                     "manifest_sha256": digest})
        return version

    # --- promotion ----------------------------------------------------------------
    def stack(self) -> list[str]:
        """Promoted versions, oldest first: promotions push, rollbacks pop."""
        stack: list[str] = []
        for rec in _read_jsonl(self.history_file):
            if rec.get("action") == "promote":
                stack.append(rec["version"])
            elif rec.get("action") == "rollback" and stack:
                stack.pop()
        return stack

    def current(self) -> str | None:
        """The promoted version, or None (the built-in default is used)."""
        stack = self.stack()
        return stack[-1] if stack else None

    def promoted_dir(self) -> Path | None:
        """Folder of the promoted version, checked against its registration; None when nothing is promoted."""
        version = self.current()
        if version is None:
            return None
        record = self.registered().get(version)
        d = self.versions_dir / version
        if record is None or not (d / "manifest.json").is_file():
            raise AnzueloError(f"promoted model {version} is missing from {self.versions_dir}",
                               "roll back (anzuelo models rollback) or register and promote another version")
        if manifest_digest(d) != record["manifest_sha256"]:
            raise AnzueloError(f"promoted model folder {d} is not the one registered (its manifest changed)",
                               "roll back (anzuelo models rollback), or re-register the version from its source")
        return d

    def promote(self, version: str, *, forced: bool = False, detail: str = "", user: str | None = None) -> dict:
        """Make ``version`` (registered) the promoted one; recorded in the history and the audit file."""
        if version not in self.registered():
            raise InputError(f"version {version!r} is not registered", "anzuelo models list shows the versions")
        record = {"at": _now(), "action": "promote", "version": version, "previous": self.current(),
                  "forced": forced, "user": user or _user(), "detail": detail}
        _append(self.history_file, record)
        self.audit(record)
        return record

    def rollback(self, user: str | None = None) -> dict:
        """Go back to the version promoted before the current one (the built-in default at the bottom)."""
        stack = self.stack()
        if not stack:
            raise AnzueloError("nothing is promoted: the built-in default is already in use", "nothing to roll back")
        record = {"at": _now(), "action": "rollback", "version": stack[-2] if len(stack) > 1 else None,
                  "previous": stack[-1], "forced": False, "user": user or _user(), "detail": ""}
        _append(self.history_file, record)
        self.audit(record)
        return record

    def audit(self, record: dict) -> None:
        """Local audit line in the workbench's fields (at, user, role, action, target, detail)."""
        _append(self.audit_file, audit_entry(record))


def audit_entry(record: dict) -> dict:
    """A promotion record as an audit-log entry (the workbench's audit fields)."""
    action = "model-" + record["action"] + ("-forced" if record.get("forced") else "")
    detail = f"from {record.get('previous') or BUILTIN}" + (f"; {record['detail']}" if record.get("detail") else "")
    return {"at": record["at"], "user": record["user"], "role": "cli", "action": action,
            "target": record.get("version") or BUILTIN, "detail": detail}


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still audited
        return "unknown"

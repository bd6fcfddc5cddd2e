"""Pinned SHA-256 of every OpenSearch jar, checked before the node may use them.

``jars.lock.json`` (shipped beside ``pom.xml``) maps each OpenSearch version to
``{jar file name: sha256}`` for the whole resolved set (OpenSearch, Lucene,
log4j and every transitive dependency). A fetch is accepted only when the set
of jars is exactly the pinned one and every hash matches; the cache marker
records the verified hashes, and each later use re-hashes the cache (about
45 MB, a fraction of a second) so a jar swapped after the fetch is refused too.

Re-pinning, when bumping ``OPENSEARCH_VERSION`` (maintainers only)::

    python -m anzuelo.engine.pin --update-lock --version 2.19.7

resolves the new version with Maven (``--strict-checksums``: Central's own
checksums must match), then writes its hashes into the lock file. Review the
diff of ``jars.lock.json`` like code: it is what every user will trust.
"""

from __future__ import annotations

import json
from pathlib import Path

from anzuelo.errors import EngineError
from anzuelo.hashing import sha256_file

LOCK_FILE = Path(__file__).with_name("jars.lock.json")
UPDATE_HINT = "python -m anzuelo.engine.pin --update-lock --version {version}"


def hash_jars(lib: Path) -> dict[str, str]:
    """``{jar name: sha256}`` of every jar in ``lib``."""
    return {p.name: sha256_file(p) for p in sorted(Path(lib).glob("*.jar"))}


def pinned(version: str, lock_file: Path = LOCK_FILE) -> dict[str, str]:
    """The pinned hashes of ``version``; EngineError when the lock has none."""
    try:
        versions = json.loads(Path(lock_file).read_text(encoding="utf-8"))["versions"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"cannot read the jar lock file {lock_file}: {exc}",
                          "reinstall anzuelo (the file ships with it)") from None
    if version not in versions:
        raise EngineError(f"no pinned jar hashes for OpenSearch {version} in {lock_file}",
                          f"use OpenSearch {', '.join(sorted(versions))}, or pin the new version: "
                          + UPDATE_HINT.format(version=version))
    return dict(versions[version])


def verify(lib: Path, version: str, lock_file: Path = LOCK_FILE) -> dict[str, str]:
    """The verified ``{jar: sha256}`` of ``lib``; EngineError naming the first problem and the fix."""
    expected = pinned(version, lock_file)
    got = hash_jars(lib)
    fix = (f"delete {Path(lib).parent} and run `anzuelo engine fetch` again; if the mismatch stays, "
           "do not use these jars (a mirror, a proxy or the cache serves other files than Maven Central)")
    for name, sha in sorted(got.items()):
        if name not in expected:
            raise EngineError(f"jar not in the pinned set of OpenSearch {version}: {Path(lib) / name} "
                              f"(sha256 {sha})", fix)
        if sha != expected[name]:
            raise EngineError(f"jar checksum mismatch: {Path(lib) / name}\n  expected sha256 {expected[name]}\n"
                              f"  got      sha256 {sha}", fix)
    missing = sorted(set(expected) - set(got))
    if missing:
        raise EngineError(f"{len(missing)} pinned jar(s) missing from {lib}: {', '.join(missing[:5])}", fix)
    return got


def write_lock(version: str, hashes: dict[str, str], lock_file: Path = LOCK_FILE) -> Path:
    """Pin ``hashes`` for ``version`` in ``lock_file`` (other versions kept)."""
    try:
        data = json.loads(Path(lock_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("versions", {})[version] = dict(sorted(hashes.items()))
    data["about"] = ("SHA-256 of every OpenSearch jar resolved from Maven Central by pom.xml; "
                     "re-pin with: " + UPDATE_HINT.format(version="VERSION"))
    Path(lock_file).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return Path(lock_file)

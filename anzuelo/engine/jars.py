"""Resolving the OpenSearch jars from Maven Central into a cache folder, once.

``pom.xml`` (a package file) lists the artifacts; Maven copies them with their
transitive dependencies into ``<cache>/lib``. A marker file records what was
fetched (with each jar's verified SHA-256) so later calls skip Maven; a changed
pom triggers a new fetch. Every jar must match the SHA-256 pinned in
``jars.lock.json`` (``anzuelo.engine.jarlock``): checked on the fresh copy
before it replaces the cache, and again at every later use of the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from anzuelo.engine import jarlock
from anzuelo.engine.java import RUN_NODE_SOURCE, find_tool, require_maven
from anzuelo.errors import EngineError
from anzuelo.names import inside

POM_TEMPLATE = Path(__file__).with_name("pom.xml")
#: log4j-core must match the log4j-api OpenSearch depends on.
LOG4J_VERSIONS = {"2.19.6": "2.25.4"}
MARKER = ".fetched.json"


def render_pom(version: str, log4j_version: str | None = None) -> str:
    """The pom with the OpenSearch (and matching log4j) version filled in."""
    log4j = log4j_version or LOG4J_VERSIONS.get(version)
    if not log4j:
        raise EngineError(
            f"no known log4j version for OpenSearch {version}.",
            f"use OpenSearch {', '.join(LOG4J_VERSIONS)} or add it to LOG4J_VERSIONS in {__file__}",
        )
    text = POM_TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@OPENSEARCH_VERSION@", version).replace("@LOG4J_VERSION@", log4j)


def fingerprint(version: str) -> str:
    """Hash of what a fetch depends on (pom + launcher source)."""
    digest = hashlib.sha256(render_pom(version).encode())
    digest.update(RUN_NODE_SOURCE.read_bytes())
    return digest.hexdigest()[:16]


def is_fetched(cache: Path, version: str) -> bool:
    """Whether ``cache`` holds a complete fetch for ``version`` (marker matches)."""
    marker = cache / MARKER
    if not marker.is_file() or not any((cache / "lib").glob("opensearch-*.jar")):
        return False
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return data.get("fingerprint") == fingerprint(version)


def fetch(cache: Path, version: str, timeout: float, echo: Callable[[str], None] = print,
          lock_file: Path = jarlock.LOCK_FILE) -> Path:
    """Resolve the jars into ``cache/lib`` (and compile RunNode) unless already there; verify them.

    Returns the cache folder. Idempotent and quick when cached. A jar whose
    SHA-256 is not the pinned one is refused (``EngineError``), fresh or cached.
    """
    if is_fetched(cache, version):
        hashes = jarlock.verify(cache / "lib", version, lock_file)  # a jar swapped since the fetch is refused
        marker = json.loads((cache / MARKER).read_text(encoding="utf-8"))
        if marker.get("sha256") != hashes:  # a cache fetched before hashes were pinned: record them now
            (cache / MARKER).write_text(json.dumps({**marker, "sha256": hashes}, indent=1), encoding="utf-8")
        return cache
    jarlock.pinned(version, lock_file)  # no pins for this version: say so before Maven runs for minutes
    lib_tmp = _copy_dependencies(cache, version, timeout, echo)
    hashes = jarlock.verify(lib_tmp, version, lock_file)  # before the jars replace anything or run
    _install(cache, lib_tmp, echo)
    jars = sorted(hashes)
    marker = {"version": version, "fingerprint": fingerprint(version), "jars": jars, "sha256": hashes,
              "at": time.time()}
    (cache / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    echo(f"Fetched {len(jars)} jars (SHA-256 verified against {jarlock.LOCK_FILE.name}).")
    return cache


def resolve(cache: Path, version: str, timeout: float, echo: Callable[[str], None] = print) -> Path:
    """Resolve the jars into ``cache/lib`` WITHOUT the pinned check: only to re-pin (``python -m anzuelo.engine.pin``)."""
    _install(cache, _copy_dependencies(cache, version, timeout, echo), echo)
    return cache


def _copy_dependencies(cache: Path, version: str, timeout: float, echo: Callable[[str], None]) -> Path:
    """Maven's copy of the jars into ``cache/lib.partial``; that folder."""
    mvn = require_maven()
    cache.mkdir(parents=True, exist_ok=True)
    lib_tmp = cache / "lib.partial"
    shutil.rmtree(inside(cache, lib_tmp), ignore_errors=True)
    echo(f"Resolving OpenSearch {version} jars from Maven Central into {cache / 'lib'}")
    echo("(first time only; Maven may take a few minutes)")
    with tempfile.TemporaryDirectory(prefix="anzuelo-pom-") as tmp:
        pom = Path(tmp) / "pom.xml"
        pom.write_text(render_pom(version), encoding="utf-8")
        # --strict-checksums: Central's own checksums must match too, on top of the pinned SHA-256.
        cmd = [mvn, "-B", "--strict-checksums", "-f", str(pom), "dependency:copy-dependencies",
               f"-DoutputDirectory={lib_tmp}"]
        tail = _run_maven(cmd, timeout, echo)
    if not any(p.name.startswith("opensearch-") for p in lib_tmp.glob("*.jar")):
        raise EngineError("Maven finished but no OpenSearch jar was copied.", "\n".join(tail[-20:]))
    return lib_tmp


def _install(cache: Path, lib_tmp: Path, echo: Callable[[str], None]) -> None:
    shutil.rmtree(inside(cache, cache / "lib"), ignore_errors=True)
    lib_tmp.rename(cache / "lib")
    _compile(cache, echo)


def classes_dir(cache: Path) -> Path | None:
    """Folder holding the compiled RunNode class, or None (use the source launcher)."""
    folder = cache / "classes"
    return folder if (folder / "RunNode.class").is_file() else None


def _compile(cache: Path, echo: Callable[[str], None]) -> None:
    # Compiling once saves the source launcher's in-memory compile at every start.
    javac = find_tool("javac")
    out = cache / "classes"
    shutil.rmtree(inside(cache, out), ignore_errors=True)
    if not javac:
        echo("javac not found: the node will be started with Java's source launcher.")
        return
    proc = subprocess.run(
        [javac, "-d", str(out), "-cp", f"{cache / 'lib'}/*", str(RUN_NODE_SOURCE)],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        raise EngineError(f"could not compile {RUN_NODE_SOURCE.name}:\n{proc.stderr[-3000:]}",
                          "check that the jars in the cache match the OpenSearch version")


def _run_maven(cmd: list[str], timeout: float, echo: Callable[[str], None]) -> list[str]:
    """Run Maven, echoing one short line per downloaded jar; return its output lines."""
    lines: list[str] = []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    # A watchdog, because a stalled download prints nothing for the loop to notice.
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    count = 0
    try:
        for line in proc.stdout:
            lines.append(line.rstrip())
            if "Downloaded from" in line and line.split(" (")[0].rstrip().endswith(".jar"):
                count += 1
                echo(f"  [{count}] {line.split(' (')[0].rsplit('/', 1)[-1]}")
        rc = proc.wait()
    finally:
        timed_out = not watchdog.is_alive()
        watchdog.cancel()
    if timed_out:
        raise EngineError(f"Maven took longer than {timeout:.0f}s.",
                          "raise ANZUELO_ENGINE_MAVEN_TIMEOUT or check the network/proxy (~/.m2/settings.xml)")
    if rc != 0:
        raise EngineError(
            "Maven could not resolve the OpenSearch jars:\n" + "\n".join(lines[-30:]),
            "check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml), then rerun `anzuelo engine fetch`",
        )
    return lines

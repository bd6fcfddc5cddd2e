"""Finding Java and Maven, and building the node's command line (pure helpers).

OpenSearch 2.19 needs Java 17+. ``JAVA_HOME`` wins over ``PATH`` so that a
machine with several JDKs can choose one, as OpenSearch's own scripts do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from anzuelo.errors import EngineError

#: Lowest Java feature release OpenSearch 2.19 runs on.
MIN_JAVA = 17

#: Name of the launcher class (``RunNode.java`` in this package).
MAIN_CLASS = "RunNode"

#: Source of the launcher, shipped as a package file.
RUN_NODE_SOURCE = Path(__file__).with_name("RunNode.java")

_VERSION_RE = re.compile(r'version "(\d+)(?:\.(\d+))?')


def find_tool(name: str) -> str | None:
    """Path of ``name`` (java, javac) under ``$JAVA_HOME/bin`` or on PATH, or None."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def parse_java_version(output: str) -> int | None:
    """Feature release from ``java -version`` output: ``"17.0.15"`` -> 17, ``"1.8.0"`` -> 8."""
    match = _VERSION_RE.search(output)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):  # Java 8 and older report 1.x
        return int(match.group(2))
    return major


def require_java() -> str:
    """Path of a Java 17+ ``java`` binary, or an EngineError saying how to get one."""
    java = find_tool("java")
    if not java:
        raise EngineError(
            "Java was not found (needed to run the local OpenSearch node).",
            "install a JDK 17 or newer (Debian/Ubuntu: apt install openjdk-17-jdk-headless) "
            "or set JAVA_HOME; or point ANZUELO_ENGINE_URL at an existing cluster",
        )
    proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    version = parse_java_version(proc.stderr + proc.stdout)
    check_java_version(version, java)
    return java


def check_java_version(version: int | None, java: str = "java") -> None:
    """Raise EngineError unless ``version`` is at least MIN_JAVA."""
    if version is None or version < MIN_JAVA:
        found = "an unknown version" if version is None else f"Java {version}"
        raise EngineError(
            f"{java} is {found}; OpenSearch needs Java {MIN_JAVA} or newer.",
            "install openjdk-17-jdk-headless (or newer) and set JAVA_HOME to it",
        )


def require_maven() -> str:
    """Path of ``mvn``, or an EngineError saying how to get it."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise EngineError(
            "Maven (mvn) was not found; it resolves the OpenSearch jars from Maven Central once.",
            "install Maven 3.8+ (Debian/Ubuntu: apt install maven), then run `anzuelo engine fetch`",
        )
    return mvn


def node_command(
    java: str,
    lib_dir: Path,
    classes_dir: Path | None,
    heap: str,
    node_args: list[str],
) -> list[str]:
    """The command line that runs the node.

    With ``classes_dir`` (RunNode compiled by javac at fetch time) the class is
    started directly; without it Java's single-file source launcher compiles
    ``RunNode.java`` in memory at every start (slower, but needs no javac).
    """
    classpath = f"{lib_dir}/*"
    jvm = [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        # Netty must not set the processor count twice (OpenSearch's jvm.options does the same).
        "-Dopensearch.set.netty.runtime.available.processors=false",
        "-Dlog4j2.disable.jmx=true",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
    ]
    if classes_dir is not None:
        return [*jvm, "-cp", f"{classpath}{os.pathsep}{classes_dir}", MAIN_CLASS, *node_args]
    return [*jvm, "-cp", classpath, str(RUN_NODE_SOURCE), *node_args]

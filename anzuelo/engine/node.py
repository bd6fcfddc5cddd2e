"""``LocalEngine``: fetch, start, stop and inspect the local single-node OpenSearch.

Used by ``anzuelo engine ...`` and by the test suite's session fixture. The node
runs detached (its own session) so it outlives the command that started it; a
pid file in the run folder records its pid and port.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from anzuelo import settings
from anzuelo.engine import jars
from anzuelo.engine.java import MAIN_CLASS, node_command, require_java
from anzuelo.engine.net import free_port, http_json, port_in_use
from anzuelo.errors import EngineError

LOG4J2 = """\
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""


@dataclass
class EngineStatus:
    """What ``anzuelo engine status`` reports."""

    running: bool
    url: str
    pid: int | None = None
    version: str | None = None
    health: str | None = None
    data_dir: str = ""
    log_file: str = ""

    def to_dict(self) -> dict:
        """Plain dict for ``--json``."""
        return asdict(self)


class LocalEngine:
    """A single-node OpenSearch on 127.0.0.1 built from Maven Central jars.

    ``home`` is the anzuelo home (jar cache under ``home/engine/opensearch-<v>``);
    ``run_dir`` holds config, pid and log files (default ``home/engine/run``);
    ``data_dir`` the indices (default ``home/engine/data``).
    """

    def __init__(self, home: Path, port: int = settings.ENGINE_PORT, data_dir: Path | None = None,
                 heap: str = settings.ENGINE_HEAP, *, run_dir: Path | None = None,
                 version: str = settings.ENGINE_OPENSEARCH_VERSION,
                 start_timeout: float = settings.ENGINE_START_TIMEOUT,
                 maven_timeout: float = settings.ENGINE_MAVEN_TIMEOUT,
                 cluster_name: str = "anzuelo", echo: Callable[[str], None] = print) -> None:
        self.home = Path(home)
        self.version = version
        self.cache = self.home / "engine" / f"opensearch-{version}"
        self.run_dir = Path(run_dir) if run_dir else self.home / "engine" / "run"
        self.data_dir = Path(data_dir) if data_dir else self.home / "engine" / "data"
        self.port, self.heap, self.cluster_name, self.echo = port, heap, cluster_name, echo
        self.start_timeout, self.maven_timeout = start_timeout, maven_timeout
        self.pid_file = self.run_dir / "node.pid"
        self.log_file = self.run_dir / "logs" / "node.log"

    @property
    def url(self) -> str:
        """HTTP URL of this node."""
        return f"http://{settings.ENGINE_HOST}:{self.port}"

    def fetch(self) -> Path:
        """Resolve the jars (once) and return the cache folder."""
        return jars.fetch(self.cache, self.version, self.maven_timeout, self.echo)

    def running_pid(self) -> int | None:
        """Pid of our node if its pid file names a live RunNode process, else None."""
        try:
            info = json.loads(self.pid_file.read_text(encoding="utf-8"))
            pid = int(info["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not _is_our_process(pid):
            return None
        # The pid file's port wins: `start --port X` then `status` without --port.
        self.port = int(info.get("port", self.port))
        return pid

    def start(self) -> EngineStatus:
        """Start the node detached and wait until it is yellow/green; idempotent."""
        if self.running_pid():
            self.echo(f"OpenSearch is already running at {self.url}")
            return self.status()
        if port_in_use(settings.ENGINE_HOST, self.port):
            raise EngineError(
                f"port {self.port} on {settings.ENGINE_HOST} is already used by another program.",
                "stop that program, or start on another port: `anzuelo engine start --port 9201` "
                "(and set ANZUELO_ENGINE_URL=http://127.0.0.1:9201 for the other commands)",
            )
        java = require_java()
        self.fetch()
        cmd = self.command(java)
        (self.run_dir / "config").mkdir(parents=True, exist_ok=True)
        (self.run_dir / "config" / "log4j2.properties").write_text(LOG4J2, encoding="utf-8")
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        if self.log_file.exists():  # keep one previous log for post-mortems
            self.log_file.replace(self.log_file.with_suffix(".log.1"))
        self.echo(f"Starting OpenSearch {self.version} on {self.url} (data: {self.data_dir})")
        with open(self.log_file, "ab") as log:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    cwd=self.run_dir, start_new_session=True)
        self.pid_file.write_text(json.dumps({"pid": proc.pid, "port": self.port,
                                             "data_dir": str(self.data_dir)}), encoding="utf-8")
        self._wait_healthy(proc)
        status = self.status()
        self.echo(f"OpenSearch is up: {self.url} (health {status.health}, pid {proc.pid})")
        return status

    def command(self, java: str = "java") -> list[str]:
        """The node's command line.

        The transport port (node-to-node, unused by clients) is a range starting
        at a port free now: OpenSearch takes the first one still free when it binds.
        """
        first = min(free_port(), 65535 - 100)
        node_args = [str(self.run_dir), str(self.data_dir), str(self.log_file.parent), str(self.port),
                     f"{first}-{first + 100}", self.cluster_name, f"{self.cluster_name}-node"]
        return node_command(java, self.cache / "lib", jars.classes_dir(self.cache), self.heap, node_args)

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the node (SIGTERM, SIGKILL after ``timeout``); False if it was not running."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        if not _wait_exit(pid, timeout):
            self.echo(f"OpenSearch (pid {pid}) did not stop within {timeout:.0f}s; killing it")
            os.kill(pid, signal.SIGKILL)
            _wait_exit(pid, 10)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> EngineStatus:
        """Running or not, with version and cluster health when reachable."""
        pid = self.running_pid()
        st = EngineStatus(running=pid is not None, url=self.url, pid=pid,
                          data_dir=str(self.data_dir), log_file=str(self.log_file))
        if pid is not None:
            root = http_json(self.url + "/")
            health = http_json(self.url + "/_cluster/health")
            st.version = (root or {}).get("version", {}).get("number")
            st.health = (health or {}).get("status")
        return st

    def log_tail(self, lines: int = 30) -> str:
        """The last ``lines`` lines of the node's log (empty if none)."""
        try:
            return "\n".join(self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _wait_healthy(self, proc: subprocess.Popen) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise EngineError(f"OpenSearch exited with code {proc.returncode} while starting. "
                                  f"Last lines of {self.log_file}:\n{self.log_tail()}",
                                  "fix the cause shown in the log, then run `anzuelo engine start` again")
            health = http_json(self.url + "/_cluster/health", timeout=2)
            if health and health.get("status") in ("yellow", "green"):
                return
            time.sleep(0.5)
        self.stop(timeout=10)
        raise EngineError(f"OpenSearch did not become healthy within {self.start_timeout:.0f}s. "
                          f"Last lines of {self.log_file}:\n{self.log_tail()}",
                          "raise ANZUELO_ENGINE_START_TIMEOUT on a slow machine, or read the log")


def _is_our_process(pid: int) -> bool:
    # Checks the command line too: after a reboot the pid may belong to anything.
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc (macOS): trust the live pid
    launchers = (b"RunNode.java", b"RunClusterNode.java")  # a single node, or a node of ``engine start --nodes N``
    return any(arg == MAIN_CLASS.encode() or arg in launchers or arg.endswith(tuple(b"/" + n for n in launchers))
               for arg in cmdline)


def _wait_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Reap it if it is our child (tests), else just probe.
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        if not _is_our_process(pid):
            return True
        time.sleep(0.2)
    return False

"""``LocalCluster``: N OpenSearch nodes on 127.0.0.1 forming one cluster (tests, trials).

Node ``i`` (0-based) listens for HTTP on ``port + i`` and for node-to-node transport on
``transport_port + i``; each has its own run folder and data folder under
``home/engine/cluster/node<i>``. Every node is cluster-manager eligible and seeds from all
the others, so any one of three may die and the other two keep a quorum. Nodes are
started together (the first manager is elected only once a majority is up) and the
cluster is ready when it is yellow/green with all N nodes in. Indices created by anzuelo
use ``auto_expand_replicas: 0-1``: one replica as soon as a second node exists.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from anzuelo import settings
from anzuelo.engine.java import require_java
from anzuelo.engine.net import http_json, port_in_use
from anzuelo.engine.node import LOG4J2, EngineStatus, LocalEngine
from anzuelo.errors import EngineError

CLUSTER_SOURCE = Path(__file__).with_name("RunClusterNode.java")


class ClusterNode(LocalEngine):
    """One node of a ``LocalCluster`` (a ``LocalEngine`` launched with discovery settings)."""

    def __init__(self, *args: Any, node_name: str, transport_port: int, seeds: str, managers: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.node_name, self.transport_port, self.seeds, self.managers = node_name, transport_port, seeds, managers

    def command(self, java: str = "java") -> list[str]:
        base = super().command(java)  # the JVM options of a single node
        jvm = base[: base.index("-cp")]
        args = [str(self.run_dir), str(self.data_dir), str(self.log_file.parent), str(self.port),
                str(self.transport_port), self.cluster_name, self.node_name, self.seeds, self.managers]
        return [*jvm, "-cp", f"{self.cache / 'lib'}/*", str(CLUSTER_SOURCE), *args]

    def spawn(self, java: str) -> subprocess.Popen:
        """Start this node detached without waiting (the cluster forms once a majority runs)."""
        (self.run_dir / "config").mkdir(parents=True, exist_ok=True)
        (self.run_dir / "config" / "log4j2.properties").write_text(LOG4J2, encoding="utf-8")
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            proc = subprocess.Popen(self.command(java), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    cwd=self.run_dir, start_new_session=True)
        self.pid_file.write_text(json.dumps({"pid": proc.pid, "port": self.port, "data_dir": str(self.data_dir)}),
                                 encoding="utf-8")
        return proc


class LocalCluster:
    """``nodes`` local nodes on ports ``port``.. and transport ports ``transport_port``.."""

    def __init__(self, home: Path, nodes: int = 3, port: int = settings.ENGINE_PORT, transport_port: int = 9300,
                 heap: str = settings.ENGINE_HEAP, root: Path | None = None,
                 start_timeout: float = settings.ENGINE_START_TIMEOUT, cluster_name: str = "anzuelo-cluster",
                 echo: Callable[[str], None] = print) -> None:
        if nodes < 1:
            raise EngineError(f"--nodes {nodes}: a cluster needs at least one node", "e.g. --nodes 3")
        self.root = Path(root) if root else Path(home) / "engine" / "cluster"
        names = [f"{cluster_name}-node{i}" for i in range(nodes)]
        seeds = ",".join(f"{settings.ENGINE_HOST}:{transport_port + i}" for i in range(nodes))
        self.start_timeout, self.echo = start_timeout, echo
        self.nodes = [ClusterNode(home, port + i, self.root / f"node{i}" / "data", heap, run_dir=self.root / f"node{i}",
                                  start_timeout=start_timeout, cluster_name=cluster_name, echo=echo,
                                  node_name=names[i], transport_port=transport_port + i, seeds=seeds,
                                  managers=",".join(names))
                      for i in range(nodes)]

    @property
    def urls(self) -> list[str]:
        return [n.url for n in self.nodes]

    @property
    def url(self) -> str:
        """Every node's URL, comma-separated: the form ``ANZUELO_ENGINE_URL`` takes for several hosts."""
        return ",".join(self.urls)

    def start(self) -> list[EngineStatus]:
        """Start every node not running yet; wait for all of them in one yellow/green cluster."""
        java = require_java()
        self.nodes[0].fetch()
        procs = {}
        for node in self.nodes:
            if node.running_pid():
                continue
            for p in (node.port, node.transport_port):
                if port_in_use(settings.ENGINE_HOST, p):
                    raise EngineError(f"port {p} on {settings.ENGINE_HOST} is already used by another program.",
                                      "stop it, or start the cluster on other ports: --port 9400")
            procs[node.node_name] = node.spawn(java)
        self.echo(f"Starting a {len(self.nodes)}-node OpenSearch cluster on {self.url}")
        self._wait(procs)
        return [n.status() for n in self.nodes]

    def _wait(self, procs: dict[str, subprocess.Popen]) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            for node in self.nodes:
                proc = procs.get(node.node_name)
                if proc is not None and proc.poll() is not None:
                    self.stop()
                    raise EngineError(f"node {node.node_name} exited with code {proc.returncode} while starting. "
                                      f"Last lines of {node.log_file}:\n{node.log_tail()}", "read the node's log")
            health = http_json(self.nodes[0].url + "/_cluster/health", timeout=2)
            if health and health.get("status") in ("yellow", "green") and health.get("number_of_nodes") == len(self.nodes):
                self.echo(f"cluster up: {len(self.nodes)} nodes, health {health['status']}")
                return
            time.sleep(0.5)
        tails = "\n".join(f"--- {n.node_name}\n{n.log_tail(10)}" for n in self.nodes)
        self.stop()
        raise EngineError(f"the cluster did not form within {self.start_timeout:.0f}s.\n{tails}",
                          "raise ANZUELO_ENGINE_START_TIMEOUT on a slow machine, or read the nodes' logs")

    def stop(self) -> int:
        """Stop every node; how many were running."""
        return sum(1 for node in self.nodes if node.stop())

    def status(self) -> list[EngineStatus]:
        return [n.status() for n in self.nodes]

"""``anzuelo engine fetch|start|stop|status``: the local OpenSearch node."""

from __future__ import annotations

import json

import click

from anzuelo import settings
from anzuelo.engine import LocalEngine


def _engine(port: int | None) -> LocalEngine:
    # Entry point: settings (and ANZUELO_* env vars) are read here, not in the library.
    return LocalEngine(
        home=settings.home(),
        port=port if port is not None else int(settings.get("ENGINE_PORT")),
        heap=str(settings.get("ENGINE_HEAP")),
        start_timeout=float(settings.get("ENGINE_START_TIMEOUT")),
        maven_timeout=float(settings.get("ENGINE_MAVEN_TIMEOUT")),
        echo=lambda line: click.echo(line, err=True),
    )


_port = click.option("--port", type=int, default=None,
                     help="HTTP port of the local node [default: ENGINE_PORT, 9200]; with --nodes N the first of N.")
_nodes = click.option("--nodes", type=click.IntRange(1, 9), default=1, show_default=True,
                      help="Nodes of a local cluster (HTTP ports PORT.., transport 9300.., data under "
                           "ANZUELO_HOME/engine/cluster); give the same --nodes to status and stop.")


def _cluster(port: int | None, nodes: int) -> object:
    from anzuelo.engine.cluster import LocalCluster

    return LocalCluster(settings.home(), nodes, port if port is not None else int(settings.get("ENGINE_PORT")),
                        heap=str(settings.get("ENGINE_HEAP")), start_timeout=float(settings.get("ENGINE_START_TIMEOUT")),
                        echo=lambda line: click.echo(line, err=True))


@click.group()
def engine() -> None:
    """Run the local single-node OpenSearch (jars from Maven Central, data under ANZUELO_HOME).

    \b
    anzuelo engine fetch    resolve the jars once (needs Maven; slow the first time)
    anzuelo engine start    start the node on 127.0.0.1 and wait until it is healthy
    anzuelo engine status   running or not, URL, version, health
    anzuelo engine stop     stop it cleanly
    """


@engine.command()
def fetch() -> None:
    """Resolve the OpenSearch jars into the cache (idempotent; quick when cached)."""
    path = _engine(None).fetch()
    click.echo(f"OpenSearch jars ready in {path / 'lib'}")


@engine.command()
@_port
@_nodes
def start(port: int | None, nodes: int = 1) -> None:
    """Start the node detached; returns once it is yellow/green. Idempotent.

    With --nodes 3: a local three-node cluster (tests, trials); every client command then
    takes ANZUELO_ENGINE_URL=http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202.
    """
    if nodes > 1:
        cluster = _cluster(port, nodes)
        for st in cluster.start():
            click.echo(f"running  {st.url}  OpenSearch {st.version}  health {st.health}  pid {st.pid}")
        click.echo(f"ANZUELO_ENGINE_URL={cluster.url}")
        return
    st = _engine(port).start()
    click.echo(f"running  {st.url}  OpenSearch {st.version}  health {st.health}  pid {st.pid}")


@engine.command()
@_port
@_nodes
def stop(port: int | None, nodes: int = 1) -> None:
    """Stop the node (SIGTERM, then SIGKILL if it hangs)."""
    if nodes > 1:
        click.echo(f"stopped {_cluster(port, nodes).stop()} of {nodes} nodes")
        return
    click.echo("stopped" if _engine(port).stop() else "not running")


@engine.command()
@_port
@_nodes
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (a list with --nodes).")
def status(port: int | None, as_json: bool, nodes: int = 1) -> None:
    """Say whether the node runs, with URL, version, health, pid and data folder."""
    if nodes > 1:
        states = _cluster(port, nodes).status()
        if as_json:
            click.echo(json.dumps([st.to_dict() for st in states]))
            return
        for st in states:
            click.echo(f"{'running' if st.running else 'stopped'}  {st.url}  health {st.health}  data {st.data_dir}")
        return
    st = _engine(port).status()
    if as_json:
        click.echo(json.dumps(st.to_dict()))
        return
    click.echo(f"{'running' if st.running else 'stopped'}  {st.url}")
    if st.running:
        click.echo(f"  version  {st.version}\n  health   {st.health}\n  pid      {st.pid}")
    click.echo(f"  data     {st.data_dir}\n  log      {st.log_file}")


commands = [engine]

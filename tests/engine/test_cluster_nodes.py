"""``anzuelo engine start --nodes 3``: a local three-node cluster from the same Maven jars,
and a client on all three nodes that loses nothing when one node is killed mid-bulk."""

from __future__ import annotations

import os
import signal
import threading

import pytest

pytestmark = pytest.mark.integration


def _doc(i: int) -> dict:
    url = f"https://empleos.example.org/oferta/{i}"
    return {"canonical_url": url, "url": url, "source": "cluster-test", "title": f"Oferta de prueba {i}",
            "text": f"Texto inventado de la oferta número {i} para la prueba del clúster."}


def test_cluster_three_nodes_replicate_and_survive_a_node_killed_mid_bulk(local_cluster):
    from index import Index

    cluster = local_cluster
    idx = Index.connect(cluster.url, prefix="t3")  # every node's URL, comma-separated
    idx.ensure_ads_index()
    health = idx.engine.request("GET", "/_cluster/health", params={"wait_for_status": "green"})
    assert health["number_of_nodes"] == 3 and health["status"] == "green"
    index_settings = idx.engine.request("GET", f"/{idx.ads_alias}/_settings")
    assert next(iter(index_settings.values()))["settings"]["index"]["number_of_replicas"] == "1"

    results, killed = [], threading.Event()

    def write() -> None:
        for batch in range(20):
            results.append(idx.bulk_upsert([_doc(batch * 100 + i) for i in range(100)]))
            if batch == 6:
                killed.wait(60)

    writer = threading.Thread(target=write)
    writer.start()
    while len(results) < 7 and writer.is_alive():
        threading.Event().wait(0.05)
    first = cluster.nodes[0]  # the node the client asks first: its requests must move to the others
    os.kill(first.running_pid(), signal.SIGKILL)
    killed.set()
    writer.join(300)
    assert not writer.is_alive()
    assert sum(getattr(r, "failed", 0) for r in results) == 0
    idx.refresh()
    assert idx.count() == 2000
    idx.close()

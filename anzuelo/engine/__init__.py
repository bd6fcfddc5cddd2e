"""The local search engine: a single-node OpenSearch run from Maven Central jars.

``LocalEngine(home, port, data_dir, heap)`` fetches the jars once (``fetch``),
starts the node detached (``start``), stops it (``stop``) and reports on it
(``status``). Only loopback is ever bound.
"""

from anzuelo.engine.node import EngineStatus, LocalEngine

__all__ = ["EngineStatus", "LocalEngine"]

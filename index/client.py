"""Connecting to the search engine and talking to it through one small interface.

``Engine.connect(url)`` asks ``GET /`` which engine answers: OpenSearch 2/3
(``version.distribution == "opensearch"``) gets the ``opensearch-py`` client,
Elasticsearch 9 the official ``elasticsearch`` client. Everything above this
module uses only ``Engine.request`` (JSON REST calls, the same on both) and
``Engine.bulk``, so the two clients' differing Python APIs stay here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anzuelo.errors import EngineError

UNREACHABLE_HINT = "run `anzuelo engine start` or set ANZUELO_ENGINE_URL to a running OpenSearch/Elasticsearch"


class RequestError(EngineError):
    """The engine answered a request with an error status (4xx/5xx)."""

    def __init__(self, status: int, message: str, info: Any = None) -> None:
        super().__init__(f"search engine error {status}: {message}",
                         "see the engine's log; a mapping error usually means a document has a wrong type")
        self.status = status
        self.info = info


@dataclass(frozen=True)
class EngineInfo:
    """Which engine answered: ``distribution`` is "opensearch" or "elasticsearch"."""

    distribution: str
    version: str

    @property
    def major(self) -> int:
        """Major version number (2 for OpenSearch 2.19.6)."""
        return int(self.version.split(".")[0])


class Engine:
    """A connected client for OpenSearch or Elasticsearch, behind ``request``/``bulk``."""

    def __init__(self, url: str, client: Any, info: EngineInfo) -> None:
        self.url, self.client, self.info = url, client, info

    @property
    def is_opensearch(self) -> bool:
        """True for OpenSearch, False for Elasticsearch."""
        return self.info.distribution == "opensearch"

    @classmethod
    def connect(cls, url: str, timeout: float = 30) -> Engine:
        """Connect to ``url``, detect the engine, return a ready ``Engine``.

        ``url`` may name several nodes of one cluster, comma-separated
        (``http://10.0.0.1:9200,http://10.0.0.2:9200``): a request that cannot reach one
        node (connection refused or reset: a node down) is sent to the next, once per node.
        Raises EngineError (exit code 3) when nothing answers at ``url``.
        """
        from opensearchpy import OpenSearch

        hosts = [h.strip() for h in url.split(",") if h.strip()]
        retries = len(hosts) - 1  # connection errors only: a timeout may hide a write that happened
        # opensearch-py does not insist on a product header, so it can ask either engine.
        probe = OpenSearch(hosts=hosts, timeout=timeout, max_retries=retries, retry_on_timeout=False)
        try:
            root = probe.transport.perform_request("GET", "/")
        except Exception as exc:  # noqa: BLE001 - any failure here means "not usable"
            probe.close()
            if _status(exc) in (401, 403):
                raise EngineError(f"the search engine at {url} refused anzuelo (HTTP {_status(exc)})",
                                  "put credentials in ANZUELO_ENGINE_URL, e.g. https://user:password@host:9200") from exc
            raise EngineError(f"no search engine answers at {url} ({type(exc).__name__}: {exc})",
                              UNREACHABLE_HINT) from exc
        version = root.get("version", {}) if isinstance(root, dict) else {}
        distribution = version.get("distribution") or "elasticsearch"
        info = EngineInfo(distribution, str(version.get("number", "0")))
        if distribution == "opensearch":
            return cls(url, probe, info)
        probe.close()
        if info.major < 8:
            raise EngineError(f"{url} runs Elasticsearch {info.version}; anzuelo needs Elasticsearch 9 or OpenSearch 2/3.",
                              "upgrade the cluster or point ANZUELO_ENGINE_URL elsewhere")
        from elasticsearch import Elasticsearch

        return cls(url, Elasticsearch(hosts, request_timeout=timeout, max_retries=retries), info)

    def request(self, method: str, path: str, body: Any = None, params: dict | None = None,
                ignore: tuple[int, ...] = (), raw_errors: tuple[int, ...] = ()) -> dict | None:
        """One JSON REST call; None when the status is in ``ignore`` (e.g. 404).

        ``raw_errors``: statuses whose error body is returned unlogged (OpenSearch)
        instead of raised, for callers that tell expected errors apart by type.
        """
        try:
            if self.is_opensearch:
                # Passing ``ignore`` keeps opensearch-py from logging expected 404s as warnings.
                quiet = tuple(ignore) + tuple(raw_errors)
                out = self.client.transport.perform_request(method, path, params=params, body=body, ignore=quiet)
                if ignore and isinstance(out, dict) and "error" in out and out.get("status") in ignore:
                    return None
                return out
            headers = {"accept": "application/json"}
            if body is not None:
                headers["content-type"] = "application/json"
            return self.client.perform_request(method, path, params=params, headers=headers, body=body).body
        except Exception as exc:  # noqa: BLE001 - mapped to EngineError/RequestError below
            status = _status(exc)
            if status in ignore:
                return None
            raise _engine_error(exc, status, self.url) from exc

    def create_index(self, name: str, body: dict) -> bool:
        """``PUT /<name>``; False, quietly, when it already exists (another process won the race).

        Only ``resource_already_exists_exception`` is expected: any other error
        raises RequestError. The 400 is asked for as an expected status, so the
        client does not log it as a failed request.
        """
        try:
            out = self.request("PUT", f"/{name}", body=body, raw_errors=(400,))
        except RequestError as exc:
            if _error_type(exc.info) == ALREADY_EXISTS:
                return False
            raise
        if isinstance(out, dict) and out.get("status") == 400:
            if _error_type(out) == ALREADY_EXISTS:
                return False
            raise RequestError(400, _reason(out), out)
        return True

    def bulk(self, operations: list[dict]) -> dict:
        """Send one bulk request (action/source lines as dicts) and return the response."""
        try:
            if self.is_opensearch:
                return self.client.bulk(body=operations)
            return self.client.bulk(operations=operations).body
        except Exception as exc:  # noqa: BLE001
            raise _engine_error(exc, _status(exc), self.url) from exc

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()


def _status(exc: Exception) -> int | None:
    # opensearch-py: TransportError.status_code (int or "N/A"); elasticsearch: ApiError.status_code / meta.status.
    status = getattr(exc, "status_code", None)
    if status is None and getattr(exc, "meta", None) is not None:
        status = getattr(exc.meta, "status", None)
    return status if isinstance(status, int) else None


def _engine_error(exc: Exception, status: int | None, url: str) -> EngineError:
    if status is None:
        return EngineError(f"the search engine at {url} failed: {type(exc).__name__}: {exc}", UNREACHABLE_HINT)
    info = getattr(exc, "info", None) or getattr(exc, "body", None)
    reason = _reason(info) or str(exc)
    return RequestError(status, reason, info)


ALREADY_EXISTS = "resource_already_exists_exception"


def _error_type(info: Any) -> str:
    err = info.get("error") if isinstance(info, dict) else None
    return str(err.get("type", "")) if isinstance(err, dict) else ""


def _reason(info: Any) -> str:
    if isinstance(info, dict):
        err = info.get("error")
        if isinstance(err, dict):
            return f"{err.get('type', '')}: {err.get('reason', '')}".strip(": ")
        if err:
            return str(err)
    return ""

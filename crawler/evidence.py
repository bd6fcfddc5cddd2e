"""Evidence capture: every response that yields an ad is kept as a gzipped WARC record.

Investigators need to show what a page said when it was seen, even after the
ad is taken down. ``EvidenceMiddleware`` (a spider middleware) writes the
request and response of each item-yielding response to
``<ANZUELO_EVIDENCE_DIR>/<source>/<sha256[:2]>/<sha256>.warc.gz`` (sha256 of the
body, so identical captures are stored once) and sets ``item.evidence`` to
``{path, sha256, fetched_at, format, size, status}``. ``read_evidence(path)``
returns the stored headers and body for the workbench.

The body is stored decoded (after gzip/brotli); ``Content-Encoding`` is
dropped from the stored headers and ``X-Anzuelo-Decoded`` records that.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path

from scrapy.exceptions import NotConfigured
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.items import AdItem, utc_now

FORMAT = "warc.gz"
_DROP = {"content-encoding", "content-length", "transfer-encoding"}


def _headers(raw) -> list[tuple[str, str]]:
    out = []
    for name, values in raw.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for v in values if isinstance(values, list) else [values]:
            out.append((key, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return out


def write_evidence(folder: Path, source: str, request, response, fetched_at: str | None = None) -> dict:
    """Write one WARC (request + response records) and return the item's ``evidence`` dict."""
    body = response.body
    sha = hashlib.sha256(body).hexdigest()
    safe_source = re.sub(r"[^A-Za-z0-9._-]+", "_", source or "unknown")
    path = folder / safe_source / sha[:2] / f"{sha}.warc.gz"
    fetched_at = fetched_at or utc_now()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            req_headers = StatusAndHeaders(f"{request.method} {request.url} HTTP/1.1", _headers(request.headers), is_http_request=True)
            warc_headers = {"WARC-Date": fetched_at}
            writer.write_record(writer.create_warc_record(request.url, "request", http_headers=req_headers, warc_headers_dict=warc_headers))
            headers = [(k, v) for k, v in _headers(response.headers) if k.lower() not in _DROP]
            headers += [("Content-Length", str(len(body))), ("X-Anzuelo-Decoded", "1")]
            status = StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                response.url, "response", payload=io.BytesIO(body), length=len(body), http_headers=status,
                warc_headers_dict={**warc_headers, "WARC-Payload-Digest": f"sha256:{sha}"}))
        tmp.replace(path)  # atomic: a crash never leaves half a capture under the final name
    return {"path": str(path), "sha256": sha, "fetched_at": fetched_at, "format": FORMAT,
            "size": len(body), "status": response.status}


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def read_evidence(path: str | Path) -> tuple[dict[str, str], bytes]:
    """(response headers incl. ':status' and ':url', body) of a stored capture."""
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                headers = {k: v for k, v in record.http_headers.headers}
                headers[":status"] = record.http_headers.get_statuscode()
                headers[":url"] = record.rec_headers.get_header("WARC-Target-URI")
                headers[":date"] = record.rec_headers.get_header("WARC-Date")
                return headers, record.content_stream().read()
    raise ValueError(f"{path}: no response record in this WARC file")


class EvidenceMiddleware:
    """Spider middleware: capture the response behind each AdItem (``ANZUELO_EVIDENCE_ENABLED``).

    Captures are written in Twisted's thread pool: compressing and writing a
    file per ad on the reactor thread would stall every download meanwhile.
    """

    def __init__(self, crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("ANZUELO_EVIDENCE_ENABLED", True):
            raise NotConfigured("ANZUELO_EVIDENCE_ENABLED is off")
        folder = s.get("ANZUELO_EVIDENCE_DIR") or Path(s.get("ANZUELO_STATE_DIR", "crawl")) / "evidence"
        return cls(crawler, Path(folder).expanduser())

    async def process_spider_output(self, response, result):
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        async for item in result:
            if isinstance(item, AdItem) and response is not None and item.evidence is None:
                saved = await maybe_deferred_to_future(deferToThread(self.capture, item, response))
                # stats are touched on the reactor thread only
                self.crawler.stats.inc_value("anzuelo/evidence/saved" if saved else "anzuelo/evidence/failed")
            yield item

    def capture(self, item: AdItem, response) -> bool:
        """Write the capture of ``response`` and point ``item.evidence`` at it; False if it failed."""
        try:
            item.evidence = write_evidence(self.folder, item.source, response.request, response, item.fetched_at)
            return True
        except OSError as exc:  # a full disk must not lose the ad itself
            logging.getLogger(__name__).error("evidence not saved for %s: %s", item.url, exc)
            return False

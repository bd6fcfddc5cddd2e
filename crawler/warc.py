"""Evidence files: one gzipped WARC per captured response (request + response records).

Records are built here as bytes (WARC/1.0 headers, one gzip member per record,
as warcio writes them) rather than through warcio's writer: its per-record
stream wrapping, level-9 compression and re-hashing cost more CPU than the
rest of a page's processing. warcio still reads and checks them.

The body is stored decoded (after gzip/brotli); ``Content-Encoding`` is
dropped from the stored headers and ``X-Anzuelo-Decoded`` records that.

File names: ``<folder>/<source>/<sha[:2]>/<sha>.warc.gz``, where ``<source>``
goes through ``anzuelo.names.path_name`` (never ``.``, ``..``, a separator or a
NUL, whatever a page or an export called it) and the rest is hex; each folder
is checked to lie inside ``folder`` (``anzuelo.names.inside``) before the
first write into it.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zlib
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from anzuelo.names import inside, path_name

from crawler.items import utc_now

FORMAT = "warc.gz"
_DROP = {"content-encoding", "content-length", "transfer-encoding"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: gzip level of captures: pages are small, so 6 compresses as well as 9 for less CPU.
GZIP_LEVEL = 6
#: Folders known to exist (a mkdir per capture is a system call per page otherwise).
_MADE: set[Path] = set()


def _headers(raw) -> list[tuple[str, str]]:
    out = []
    for name, values in raw.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for v in values if isinstance(values, list) else [values]:
            out.append((key, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return out


def write_evidence(folder: Path, source: str, request, response, fetched_at: str | None = None) -> dict:
    """Write one WARC (request + response records) and return the item's ``evidence`` dict."""
    evidence = plan_evidence(folder, source, response, fetched_at)
    write_capture(Path(evidence["path"]), request, response, evidence["sha256"], evidence["fetched_at"], base=folder)
    return evidence


def plan_evidence(folder: Path, source: str, response, fetched_at: str | None = None) -> dict:
    """The ``evidence`` dict of ``response`` (path named by the body's sha256), nothing written yet."""
    body = response.body
    sha = hashlib.sha256(body).hexdigest()
    # the ASCII collapse keeps the folder names captures always had; path_name then refuses '.'/'..'
    path = folder / path_name(_UNSAFE.sub("_", source or "unknown")) / sha[:2] / f"{sha}.warc.gz"
    return {"path": str(path), "sha256": sha, "fetched_at": fetched_at or utc_now(), "format": FORMAT,
            "size": len(body), "status": response.status}


def write_capture(path: Path, request, response, sha: str, fetched_at: str, base: Path | None = None) -> None:
    """Write the WARC of ``request``/``response`` to ``path`` unless an identical capture is there.

    ``base``: the evidence folder ``path`` must lie in (checked once per folder: the file name is hex).
    """
    body = response.body
    if not path.exists():
        if path.parent not in _MADE:
            if base is not None:
                inside(base, path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
            _MADE.add(path.parent)
        req_block = _http_block(f"{request.method} {request.url} HTTP/1.1", _headers(request.headers))
        headers = [(k, v) for k, v in _headers(response.headers) if k.lower() not in _DROP]
        headers += [("Content-Length", str(len(body))), ("X-Anzuelo-Decoded", "1")]
        status = f"HTTP/1.1 {response.status} {_reason(response.status)}".rstrip()
        resp_block = _http_block(status, headers) + body
        data = (_record("request", request.url, fetched_at, req_block, "request")
                + _record("response", response.url, fetched_at, resp_block, "response",
                          [("WARC-Payload-Digest", f"sha256:{sha}")]))
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:  # the folder was removed since it was cached in _MADE
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a crash never leaves half a capture under the final name


def _http_block(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [first_line, *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "replace")


def _record(kind: str, uri: str, date: str, block: bytes, msgtype: str,
            extra: list[tuple[str, str]] = ()) -> bytes:
    """One gzipped WARC/1.0 record (its own gzip member, so readers can seek to it)."""
    head = [("WARC-Type", kind), ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"), ("WARC-Target-URI", uri),
            ("WARC-Date", date), *extra, ("WARC-Block-Digest", f"sha256:{hashlib.sha256(block).hexdigest()}"),
            ("Content-Type", f"application/http; msgtype={msgtype}"), ("Content-Length", str(len(block)))]
    raw = ("WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head) + "\r\n").encode("utf-8", "replace")
    gz = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return gz.compress(raw) + gz.compress(block) + gz.compress(b"\r\n\r\n") + gz.flush()


def _reason(status: int) -> str:
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



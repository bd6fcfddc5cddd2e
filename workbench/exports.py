"""Exports: result sets as CSV/JSON (streamed, capped), page captures and evidence packages.

Result-set exports page through the engine with search_after (via the
backend's ``scan``) and stream rows as they come, stopping at
WEB_EXPORT_MAX_ROWS. The first page is fetched before the response starts, so
a search the engine refuses answers 400/503 instead of a download that breaks
halfway, and the export is audited only once it has started (a failure later
on is audited as ``export-failed``). Captures come from the evidence store by
content hash (``workbench.evidence``), never from a path the index holds, and
are always sent as attachments with a generic binary type: a saved page is
evidence, never something the browser renders. No export names a server path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from index import fields as F
from workbench import audit
from workbench.audit import csv_cell
from workbench.auth import User, now_iso
from workbench.deps import backend, viewer
from workbench.evidence import Capture, public_ad
from workbench.queries import parse, search_params

router = APIRouter()

CSV_COLUMNS = (
    F.ID, F.SCORE, F.RISK, F.TITLE, F.SOURCE, F.URL, F.COUNTRY, F.LANG, F.LOCATION, F.EMPLOYER,
    F.POSTED_AT, F.FIRST_SEEN, F.LAST_SEEN, F.STATUS, F.INDICATORS, F.PHONES, F.WHATSAPP,
    F.TELEGRAM, F.EMAILS, F.HANDLES, F.LABEL, F.MODEL_VERSION,
)
# Exports carry what investigators need, not the whole stored document.
JSON_DROP = {F.ENTITIES}


def csv_rows(ads: Iterator[dict[str, Any]]) -> Iterator[str]:
    """CSV text chunks: header, then one line per ad (lists joined with ' | ')."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for n, ad in enumerate(ads):
        values = [ad.get(c) for c in CSV_COLUMNS]
        writer.writerow([csv_cell(" | ".join(map(str, v)) if isinstance(v, list) else v) for v in values])
        if n % 200 == 0 or buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def json_rows(ads: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A JSON array streamed one ad at a time."""
    yield "["
    for n, ad in enumerate(ads):
        row = {k: v for k, v in public_ad(ad).items() if k not in JSON_DROP}
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


@router.get("/api/export", tags=["export"], summary="Export a result set as CSV or JSON (streamed, capped)")
@router.get("/export", include_in_schema=False)
def export(request: Request, format: str = "csv", user: User = Depends(viewer), be: Any = Depends(backend)):
    """Every hit of the search given by the query string, up to WEB_EXPORT_MAX_ROWS rows."""
    if format not in ("csv", "json"):
        raise HTTPException(400, "format must be csv or json")
    params = search_params(request.query_params)
    query = parse(params)  # bad input: 400 here, before any byte is sent
    cap = request.app.state.export_max_rows
    target = urlencode(params, doseq=True)
    ads = be.scan(query, cap)
    first = list(itertools.islice(ads, 1))  # the engine runs the search now: its errors come before the headers
    audit.record(be, user, "export", target, f"{format}, max {cap} rows")
    rows = _audited_failure(itertools.chain(first, ads), be, user, target)
    stamp = now_iso().replace(":", "")[:15]
    body = csv_rows(rows) if format == "csv" else json_rows(rows)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="anzuelo-{stamp}.{format}"', "x-export-max-rows": str(cap)},
    )


def _audited_failure(rows: Iterator[dict[str, Any]], be: Any, user: User, target: str) -> Iterator[dict[str, Any]]:
    """``rows``, auditing ``export-failed`` when the engine fails after the download started."""
    sent = 0
    try:
        for row in rows:
            sent += 1
            yield row
    except Exception as exc:
        audit.record(be, user, "export-failed", target, f"after {sent} rows: {type(exc).__name__}")
        raise


def _capture(request: Request, ad: dict[str, Any]) -> Capture:
    capture = request.app.state.evidence.find(ad)
    if capture is None:
        raise HTTPException(404, "no verified page capture for this ad in the evidence store "
                                 "(crawled without evidence, removed, or altered since the crawl)")
    return capture


@router.get("/ads/{ad_id}/capture", include_in_schema=False)
@router.get("/api/ads/{ad_id}/capture", tags=["ads"], summary="Download the saved page capture (WARC)")
def capture(ad_id: str, request: Request, user: User = Depends(viewer), be: Any = Depends(backend)):
    """The WARC capture as an attachment (application/octet-stream, never rendered).

    Only a capture found in the evidence store under the ad's page hash, whose
    page body still hashes to it, is sent; anything else is 404. Headers:
    ``x-capture-sha256`` (of the file sent), ``x-payload-sha256`` (of the page
    body, checked just now) and ``x-payload-verified`` (always true).
    """
    ad = be.get_ad(ad_id)
    if ad is None:
        raise HTTPException(404, f"no ad with id {ad_id}")
    found = _capture(request, ad)
    audit.record(be, user, "export", ad_id, "capture")
    return Response(
        found.data,
        media_type="application/octet-stream",
        headers={"content-disposition": f'attachment; filename="anzuelo-{found.payload_sha256[:16]}.warc.gz"',
                 "x-capture-sha256": found.file_sha256, "x-payload-sha256": found.payload_sha256,
                 "x-payload-verified": "true"},
    )


def evidence_zip(ad: dict[str, Any], exported_by: str, found: Capture | None = None) -> bytes:
    """Zip of the verified capture (if any), metadata.json, score.json and SHA256SUMS over every other file."""
    files: dict[str, bytes] = {}
    if found is not None:
        files[f"capture/{found.payload_sha256}.warc.gz"] = found.data
    meta = {k: v for k, v in public_ad(ad).items()
            if k not in (F.SCORE, F.RISK, F.INDICATORS, F.INDICATOR_HITS, F.MODEL_VERSION)}
    meta["exported_by"], meta["exported_at"] = exported_by, now_iso()
    files["metadata.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode()
    score = {k: ad.get(k) for k in (F.SCORE, F.RISK, F.MODEL_VERSION, F.SCORED_AT, F.INDICATORS, F.INDICATOR_HITS)}
    files["score.json"] = json.dumps(score, ensure_ascii=False, indent=2).encode()
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))
    files["SHA256SUMS"] = sums.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


@router.get("/ads/{ad_id}/evidence.zip", include_in_schema=False)
@router.get("/api/ads/{ad_id}/evidence.zip", tags=["ads"], summary="Evidence package of one ad (zip)")
def evidence_package(ad_id: str, request: Request, user: User = Depends(viewer), be: Any = Depends(backend)):
    """Capture + metadata.json + score.json + SHA256SUMS, as a zip attachment."""
    ad = be.get_ad(ad_id)
    if ad is None:
        raise HTTPException(404, f"no ad with id {ad_id}")
    found = request.app.state.evidence.find(ad)
    audit.record(be, user, "export", ad_id, "evidence package" + ("" if found else " (no verified capture)"))
    return Response(
        evidence_zip(ad, user.name, found),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="anzuelo-evidence-{ad_id}.zip"'},
    )

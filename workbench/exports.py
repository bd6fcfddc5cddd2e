"""Exports: result sets as CSV/JSON (streamed, capped), page captures and evidence packages.

Result-set exports page through the engine with search_after (via the
backend's ``scan``) and stream rows as they come, stopping at
WEB_EXPORT_MAX_ROWS. Captures are always sent as attachments with a generic
binary type: a saved page is evidence, never something the browser renders.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from index import fields as F
from workbench import audit
from workbench.audit import csv_cell
from workbench.auth import User, now_iso
from workbench.deps import backend, viewer
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
        yield ("," if n else "") + "\n" + json.dumps({k: v for k, v in ad.items() if k not in JSON_DROP}, ensure_ascii=False)
    yield "\n]\n"


@router.get("/api/export", tags=["export"], summary="Export a result set as CSV or JSON (streamed, capped)")
@router.get("/export", include_in_schema=False)
def export(request: Request, format: str = "csv", user: User = Depends(viewer), be: Any = Depends(backend)):
    """Every hit of the search given by the query string, up to WEB_EXPORT_MAX_ROWS rows."""
    if format not in ("csv", "json"):
        raise HTTPException(400, "format must be csv or json")
    params = search_params(request.query_params)
    query = parse(params)
    cap = request.app.state.export_max_rows
    audit.record(be, user, "export", urlencode(params, doseq=True), f"{format}, max {cap} rows")
    ads = be.scan(query, cap)
    stamp = now_iso().replace(":", "")[:15]
    body = csv_rows(ads) if format == "csv" else json_rows(ads)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="anzuelo-{stamp}.{format}"', "x-export-max-rows": str(cap)},
    )


def verify_capture(path: Path, evidence: dict[str, Any]) -> dict[str, str]:
    """Digests of a capture: the file's own, and whether its page body still matches the crawl.

    The crawler records ``evidence.sha256`` over the page body (the WARC's
    ``WARC-Payload-Digest``), not over the .warc.gz file, so the two differ;
    both are reported so an investigator can check either.
    """
    from crawler.evidence import read_evidence  # noqa: PLC0415 - the crawler owns the WARC layout

    data = path.read_bytes()
    recorded = str(evidence.get("sha256", ""))
    try:
        payload = hashlib.sha256(read_evidence(path)[1]).hexdigest()
    except Exception:  # noqa: BLE001 - an unreadable capture is reported, never served as verified
        payload = ""
    return {"file_sha256": hashlib.sha256(data).hexdigest(), "payload_sha256": recorded,
            "payload_verified": "true" if payload and payload == recorded else "false"}


def _capture(ad: dict[str, Any]) -> tuple[Path, dict[str, Any]]:
    evidence = ad.get(F.EVIDENCE) or {}
    path = Path(str(evidence.get("path") or ""))
    if not evidence.get("path") or not path.is_file():
        raise HTTPException(404, "no saved page capture for this ad (it may have been crawled without evidence)")
    return path, evidence


@router.get("/ads/{ad_id}/capture", include_in_schema=False)
@router.get("/api/ads/{ad_id}/capture", tags=["ads"], summary="Download the saved page capture (WARC)")
def capture(ad_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    """The WARC capture as an attachment (application/octet-stream, never rendered).

    Headers: ``x-capture-sha256`` (of the file sent), ``x-payload-sha256`` (of
    the page body, as recorded at crawl time) and ``x-payload-verified``
    (true when the stored body still hashes to that value).
    """
    ad = be.get_ad(ad_id)
    if ad is None:
        raise HTTPException(404, f"no ad with id {ad_id}")
    path, evidence = _capture(ad)
    check = verify_capture(path, evidence)
    audit.record(be, user, "export", ad_id, "capture")
    return FileResponse(
        path,
        media_type="application/octet-stream",
        filename=f"anzuelo-{ad_id}.warc.gz",
        headers={"x-capture-sha256": check["file_sha256"], "x-payload-sha256": check["payload_sha256"],
                 "x-payload-verified": check["payload_verified"]},
    )


def evidence_zip(ad: dict[str, Any], exported_by: str) -> bytes:
    """Zip of the capture, metadata.json, score.json and SHA256SUMS over every other file."""
    files: dict[str, bytes] = {}
    evidence = ad.get(F.EVIDENCE) or {}
    path = Path(str(evidence.get("path") or ""))
    if evidence.get("path") and path.is_file():
        files[f"capture/{path.name}"] = path.read_bytes()
    meta = {k: v for k, v in ad.items() if k not in (F.SCORE, F.RISK, F.INDICATORS, F.INDICATOR_HITS, F.MODEL_VERSION)}
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
def evidence_package(ad_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    """Capture + metadata.json + score.json + SHA256SUMS, as a zip attachment."""
    ad = be.get_ad(ad_id)
    if ad is None:
        raise HTTPException(404, f"no ad with id {ad_id}")
    audit.record(be, user, "export", ad_id, "evidence package")
    return Response(
        evidence_zip(ad, user.name),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="anzuelo-evidence-{ad_id}.zip"'},
    )

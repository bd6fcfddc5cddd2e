"""A case's evidence package: one zip a prosecutor can file, every file listed with its SHA-256.

Contents: ``captures/<sha256>.warc.gz`` (each ad's page capture, found in the
evidence store by content hash and verified, never by a path the index
holds), ``ads.json`` and ``ads.csv`` (metadata, scores, model versions; CSV
cells neutralised against formula injection), ``scores.json`` (indicator
evidence per ad), ``case.json`` (the case, its notes with every earlier
version, its history), ``audit.json``/``audit.csv`` (who viewed or exported the
case, its ads and its recruiters), ``report.html`` (print-friendly) and
``report.pdf`` when headless chromium can print it (skipped otherwise, and the
manifest says so). ``MANIFEST.sha256`` lists the hash of every other file, in
``sha256sum -c`` format; ``manifest.json`` says the same with sizes.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from index import cases as C
from index import fields as F
from workbench import audit
from workbench.deps import TEMPLATES
from workbench.evidence import EvidenceStore, public_ad
from workbench.exports import JSON_DROP, csv_rows

SCORE_KEYS = (F.SCORE, F.RISK, F.MODEL_VERSION, F.SCORED_AT, F.INDICATORS, F.INDICATOR_HITS)
PDF_TIMEOUT = 60


def audit_trail(be: Any, case: dict[str, Any], ad_ids: list[str], size: int = 5000) -> list[dict[str, Any]]:
    """Audit entries about the case, its ads and its recruiters, oldest first."""
    targets = [f"case:{case[C.ID]}"] + list(ad_ids) + list(case.get(C.RECRUITER_KEYS) or [])
    be.refresh_docs(audit.AUDIT)
    body = {"query": {"terms": {"target": targets}}, "sort": [{"at": {"order": "asc"}}], "size": size}
    return be.search_docs(audit.AUDIT, body)


def timeline(case: dict[str, Any], ads: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Dated events of the case's ads (posted, first seen, content refetched, labelled, last seen, gone)
    and of the case itself, oldest first."""
    events = []
    for ad in ads:
        title = ad.get(F.TITLE) or "(untitled ad)"

        def add(at: Any, what: str, ad: dict[str, Any] = ad, title: str = title) -> None:
            if at:
                events.append({"at": str(at), "event": what, "ad": ad[F.ID], "title": title,
                               "source": ad.get(F.SOURCE) or ""})
        add(ad.get(F.POSTED_AT), "posted")
        add(ad.get(F.FIRST_SEEN), "first seen")
        # The index keeps the latest text only: a fetch after the first sighting means it changed then.
        if ad.get(F.FETCHED_AT) and str(ad.get(F.FETCHED_AT))[:19] > str(ad.get(F.FIRST_SEEN) or "")[:19]:
            add(ad.get(F.FETCHED_AT), "content changed (latest text fetched)")
        for label in ad.get(F.LABELS) or []:
            add(label.get("at"), f"labelled {label.get('label')} by {label.get('user')}")
        add(ad.get(F.LAST_SEEN), "last seen")
        add(ad.get(F.GONE_AT), "gone")
    for entry in case.get(C.HISTORY) or []:
        events.append({"at": entry["at"], "event": f"case {entry['action']} by {entry['user']}: {entry['detail']}",
                       "ad": "", "title": "", "source": ""})
    return sorted(events, key=lambda e: (e["at"][:19].replace(" ", "T"), e["ad"]))


def print_pdf(html: bytes, chromium: str | None = None) -> bytes | None:
    """``html`` printed to PDF by headless chromium, or None when it is not installed or fails."""
    exe = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_bytes(html)
        try:
            subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", src.as_uri()],
                           capture_output=True, timeout=PDF_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return pdf.read_bytes() if pdf.is_file() and pdf.stat().st_size > 0 else None


def build_zip(be: Any, evidence: EvidenceStore, case: dict[str, Any], ads: list[dict[str, Any]],
              exported_by: str, exported_at: str, pdf: bool = True) -> tuple[bytes, dict[str, Any]]:
    """The package's bytes and its manifest (dict)."""
    files: dict[str, bytes] = {}
    captures: dict[str, dict[str, Any]] = {}
    for ad in ads:
        found = evidence.find(ad)
        if found is not None:
            files[f"captures/{found.payload_sha256}.warc.gz"] = found.data
            captures[ad[F.ID]] = {"file": f"captures/{found.payload_sha256}.warc.gz",
                                  "payload_sha256": found.payload_sha256, "file_sha256": found.file_sha256}
    rows = [{k: v for k, v in public_ad(ad).items() if k not in JSON_DROP} for ad in ads]
    files["ads.json"] = _json(rows)
    files["ads.csv"] = "".join(csv_rows(iter(ads))).encode()
    files["scores.json"] = _json({ad[F.ID]: {k: ad.get(k) for k in SCORE_KEYS} for ad in ads})
    files["case.json"] = _json(case)
    trail = audit_trail(be, case, [a[F.ID] for a in ads])
    files["audit.json"] = _json(trail)
    files["audit.csv"] = "".join(audit.to_csv(trail)).encode()
    events = timeline(case, ads)
    html = TEMPLATES.get_template("case_report.html").render(
        case=case, ads=ads, captures=captures, events=events, trail=trail, exported_by=exported_by,
        exported_at=exported_at, statuses=C.STATUS_VALUES).encode()
    files["report.html"] = html
    printed = print_pdf(html) if pdf else None
    if printed:
        files["report.pdf"] = printed
    manifest = {"case": case[C.ID], "name": case[C.NAME], "exported_by": exported_by, "exported_at": exported_at,
                "ads": len(ads), "captures": len(captures), "pdf": bool(printed),
                "files": {name: {"sha256": _sha(data), "bytes": len(data)} for name, data in sorted(files.items())}}
    files["manifest.json"] = _json(manifest)
    sums = "".join(f"{_sha(data)}  {name}\n" for name, data in sorted(files.items()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
        zf.writestr("MANIFEST.sha256", sums)
    return out.getvalue(), manifest


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()

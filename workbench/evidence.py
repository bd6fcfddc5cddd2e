"""Page captures served from the evidence store only, found by content hash and checked first.

An indexed ad is not trusted about files: the engine is unauthenticated on
loopback, so anyone who can write to it could point ``evidence.path`` at the
workbench's session secret. The path an ad holds is therefore never opened.
The crawler stores each capture as
``<store>/<source>/<sha256[:2]>/<sha256>.warc.gz`` (``crawler.warc``), named by
the SHA-256 of the page body; ``EvidenceStore.find`` takes only that hash from
the ad, looks for the file under the store, refuses anything that resolves
outside it (symlinks), and serves it only when the WARC's page body still
hashes to the name. ``public_ad`` strips the server path from every ad the
API, pages and exports hand out.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index import fields as F

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Capture:
    """A verified capture: its file, the page-body hash (its name) and the file's own hash."""

    path: Path
    payload_sha256: str
    file_sha256: str
    data: bytes


class EvidenceStore:
    """The evidence folder of the crawls this workbench serves (None: no captures served)."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root).expanduser().resolve() if root else None

    def find(self, ad: dict[str, Any]) -> Capture | None:
        """The verified capture of ``ad``, or None (no hash, no file, outside the store, tampered)."""
        evidence = ad.get(F.EVIDENCE) if isinstance(ad.get(F.EVIDENCE), dict) else {}
        sha = str(evidence.get("sha256") or "").lower()
        if self.root is None or not _SHA256.match(sha) or not self.root.is_dir():
            return None
        # Only the hash (64 hex digits, checked above) goes into the pattern: no traversal possible.
        for candidate in sorted(self.root.glob(f"*/{sha[:2]}/{sha}.warc.gz")):
            capture = self._verified(candidate, sha)
            if capture is not None:
                return capture
        return None

    def _verified(self, candidate: Path, sha: str) -> Capture | None:
        try:
            real = candidate.resolve(strict=True)
        except OSError:
            return None
        if not real.is_relative_to(self.root) or not real.is_file():
            return None
        data = real.read_bytes()
        if payload_sha256(real) != sha:
            return None
        return Capture(real, sha, hashlib.sha256(data).hexdigest(), data)


def payload_sha256(path: Path) -> str:
    """SHA-256 of the page body inside a WARC capture ("" when it cannot be read)."""
    from crawler.evidence import read_evidence  # noqa: PLC0415 - the crawler owns the WARC layout

    try:
        return hashlib.sha256(read_evidence(path)[1]).hexdigest()
    except Exception:  # noqa: BLE001 - an unreadable capture is never served
        return ""


def public_ad(ad: dict[str, Any]) -> dict[str, Any]:
    """``ad`` without server file paths (``evidence.path``), for the API, pages and exports."""
    evidence = ad.get(F.EVIDENCE)
    if not isinstance(evidence, dict) or "path" not in evidence:
        return ad
    out = copy.copy(ad)
    out[F.EVIDENCE] = {k: v for k, v in evidence.items() if k != "path"}
    return out

"""Invented ads for the rescore tests: fields a crawl writes, an older model's scores, labels and evidence."""

from __future__ import annotations

from typing import Any

from index import doc_id

#: Texts of invented ads (fictional 555 numbers, invented employers): some lures, some plain jobs.
TEXTS = (
    "Viaje pagado a Europa para modelos, urgente, sin experiencia, escribe al WhatsApp +57 555 010 {n:04d}",
    "Auxiliar contable en Distribuidora Ficticia S.A.S., contrato a término fijo, enviar hoja de vida",
    "Trabajo en el exterior, pasaje y alojamiento incluidos, menores de 25 años, fotos por Telegram @reclutamiento{n}",
    "Cajera para supermercado El Invento, turno diurno, salario mínimo más prestaciones",
)


def invented_ad(n: int, **extra: Any) -> dict[str, Any]:
    """Ad number ``n`` as a crawl would have indexed it, scored by an old model version."""
    url = f"http://jobs.test/ad/{n}"
    return {
        "id": doc_id(url), "url": url, "canonical_url": url, "source": "unit" if n % 3 else "other",
        "spider": "jobposting", "title": f"Oferta {n}", "text": TEXTS[n % len(TEXTS)].format(n=n), "lang": "es",
        "country": "CO", "status": "gone" if n % 5 == 0 else "online", "gone_at": "2026-01-03T00:00:00Z" if n % 5 == 0 else None,
        "first_seen": f"2025-12-{1 + n % 28:02d}T10:00:00Z", "last_seen": "2026-01-02T10:00:00Z",
        "fetched_at": "2026-01-02T10:00:00Z", "content_hash": f"hash-{n}",
        "evidence": {"path": f"warc/{n}.warc.gz", "sha256": f"{n:064x}", "format": "warc", "size": 100 + n, "status": 200},
        "score": 0.5, "risk": "medium", "indicators": ["old_indicator"], "ages": [99], "model_version": "old-model-1",
        "scored_at": "2026-01-02T10:00:00Z", **extra,
    }


def index_ads(idx: Any, n: int, labelled: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Index ``n`` invented ads into ``idx`` (labels on the numbers in ``labelled``); returns them."""
    idx.ensure_ads_index()
    ads = []
    for i in range(n):
        label = (labelled or {}).get(i)
        extra = {"label": label, "labels": [{"label": label, "note": "", "user": "ana", "at": "2026-01-05T09:00:00Z"}]} if label else {}
        ads.append(invented_ad(i, **extra))
    result = idx.bulk_upsert(ads)
    assert result.failed == 0, result.errors[:2]
    idx.refresh()
    return ads

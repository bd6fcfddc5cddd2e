"""Invented ads for the label-queue tests: one template posted five times, and single ads around a 0.3 threshold.

Scores are chosen so the order by |logit(score) - logit(0.3)| is unambiguous:
ring copy 0.31 (0.05), other-en 0.28 (0.10), mid 0.5 (0.85), low-pt 0.1 (1.35), high 0.9 (3.04), tiny 0.01 (3.75).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from index import doc_id

RING = ("Agencia internacional selecciona señoritas de 18 a 23 años para trabajar como anfitrionas en "
        "eventos exclusivos. Viaje pagado, hospedaje incluido y pago semanal en efectivo sin experiencia "
        "previa. Enviar fotos de cuerpo completo por WhatsApp al +57 300 555 0101 hoy mismo. Ciudad: {}")
CITIES = ("Cali", "Pereira", "Cúcuta", "Ibagué", "Neiva")


def qad(key: str, score: float, text: str, source: str = "site-a", lang: str = "es", **extra: Any) -> dict[str, Any]:
    url = f"https://queue.test/{key}"
    title = f"Aviso {key}"
    return {"canonical_url": url, "url": url, "title": title, "text": text, "source": source, "lang": lang,
            "country": "CO", "score": score, "risk": "medium" if score >= 0.3 else "low", "status": "online",
            "first_seen": "2026-11-20T10:00:00+00:00",
            "content_hash": hashlib.sha256(f"{title}\n{text}".encode()).hexdigest(), **extra}


def queue_ads() -> list[dict[str, Any]]:
    ring = [qad(f"ring-{i}", 0.31 + 0.01 * i, RING.format(city)) for i, city in enumerate(CITIES)]
    return ring + [
        qad("other-en", 0.28, "Warehouse pickers wanted in Leeds, agency fee deducted from the first wage.",
            "site-b", "en"),
        qad("mid", 0.5, "Se necesita cocinera para restaurante en Bogotá, turno de noche, pago quincenal."),
        qad("low-pt", 0.1, "Vaga de recepcionista em clínica de Campinas, carteira assinada.", lang="pt"),
        qad("high", 0.9, "Modelos webcam menores de edad bienvenidas, pago diario, escribe al Telegram @x555."),
        qad("tiny", 0.01, "Auxiliar contable con dos años de experiencia para firma en Medellín."),
        qad("done", 0.3, "Mensajero en moto para Barranquilla, con licencia vigente.",
            label="legitimate",
            labels=[{"label": "legitimate", "user": "ana", "note": "", "at": "2026-11-01T09:00:00+00:00"}]),
    ]


def ids() -> dict[str, str]:
    return {key: doc_id(f"https://queue.test/{key}") for key in
            [f"ring-{i}" for i in range(5)] + ["other-en", "mid", "low-pt", "high", "tiny", "done"]}


def index_queue_ads(engine: Any) -> dict[str, str]:
    engine.ensure_ads_index()
    result = engine.bulk_upsert(queue_ads())
    assert result.failed == 0, result.errors
    engine.refresh()
    return ids()


def model_folder(path: Path, trained_at: str = "2026-11-15T00:00:00+00:00") -> Path:
    """A model folder as the queue reads it (config only): threshold 0.3, 80 training rows."""
    path.mkdir(parents=True, exist_ok=True)
    config = {"version": "charngram-queue0test", "kind": "charngram", "thresholds": {"medium": 0.3, "high": 0.7},
              "n_train": 80, "data_fingerprint": "queue0test", "trained_at": trained_at}
    (path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (path / "index-labels.jsonl").write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    return path

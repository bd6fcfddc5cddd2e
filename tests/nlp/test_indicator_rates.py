"""nlp.indicator_rates: fire rates and per-indicator precision/recall, and the <= 10% ceiling on real postings."""

from __future__ import annotations

import pytest

from nlp.features import INDICATOR_NAMES
from nlp.indicator_rates import fire_rates, indicator_recall

LURE = "URGENTE chicas de 18 a 25 años, viaje pagado, escríbeme al WhatsApp 300 555 0101"
LEGIT = "Panadería La Espiga busca ayudante de panadería en Bogotá. Enviar hoja de vida a empleo@laespiga.example.co"


def test_indicator_rates_fire_rates_every_name():
    rates = fire_rates([LURE, LEGIT], ["es", "es"])
    assert set(rates) == set(INDICATOR_NAMES)
    assert rates["age_targeting"] == 0.5 and rates["private_contact"] == 0.5
    assert rates["adult_industry"] == 0.0


def test_indicator_rates_employer_suppresses_no_employer_identity():
    assert fire_rates([LURE], ["es"])["no_employer_identity"] == 1.0
    assert fire_rates([LURE], ["es"], employers=["Agencia Sol Test"])["no_employer_identity"] == 0.0


def test_indicator_rates_recall_against_gold():
    res = indicator_recall([LURE, LEGIT], ["es", "es"], [["age_targeting", "minors_ok"], ["age_targeting"]])
    assert res["age_targeting"] == {"precision": 1.0, "recall": 0.5, "support": 2, "fired": 1, "tp": 1}
    assert res["minors_ok"]["recall"] == 0.0 and res["minors_ok"]["support"] == 1
    assert set(res) == set(INDICATOR_NAMES)


def test_indicator_rates_length_mismatch_is_clear():
    with pytest.raises(ValueError, match="employers has 1 items for 2 texts"):
        fire_rates([LURE, LEGIT], ["es", "es"], employers=["x"])
    with pytest.raises(ValueError, match="gold has 1 rows"):
        indicator_recall([LURE, LEGIT], ["es", "es"], [[]])


def test_indicator_rates_real_postings_at_most_ten_percent(real_postings):
    texts = [f"{r['title']}\n{r['text']}" if (r.get("title") or "").strip() else r["text"] for r in real_postings]
    rates = fire_rates(texts, [r["lang"] for r in real_postings], [r.get("employer") for r in real_postings],
                       countries=[r.get("country") for r in real_postings])
    over = {k: round(v, 3) for k, v in rates.items() if v > 0.10}
    assert not over, f"indicators firing on more than 10% of {len(texts)} real legitimate postings: {over}"

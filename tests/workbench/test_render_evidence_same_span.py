"""Two indicators on the same words must not break the ad page (found by benchmarks/load.py: HTTP 500)."""

from __future__ import annotations

from workbench.render import evidence_html, evidence_spans


def test_evidence_spans_with_two_hits_on_one_span_keep_the_first_and_the_rest_of_the_text():
    text = "Se busca chicas de 18 a 25 para trabajo en Europa, pasaje pagado."
    hits = [{"name": "age_targeting", "start": 16, "end": 26, "evidence": "18 a 25", "weight": 1.0},
            {"name": "gender_appearance", "start": 16, "end": 26, "evidence": "18 a 25", "weight": 0.5},
            {"name": "travel_paid", "start": 51, "end": 64, "evidence": "pasaje pagado", "weight": 1.0}]
    segments = evidence_spans(text, hits)
    assert "".join(s["text"] for s in segments) == text
    assert [s["names"] for s in segments if s["names"]] == [["age_targeting"], ["travel_paid"]]
    html = evidence_html(text, hits)
    assert html.count("<mark") == 2 and 'data-indicator="age_targeting"' in html

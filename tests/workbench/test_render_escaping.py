"""workbench.render: every segment of ad text is escaped; evidence offsets become <mark> spans."""

from __future__ import annotations

import pytest

from workbench import render

XSS = '<script>alert(1)</script> <a href="javascript:alert(2)">click</a> <img src=x onerror=alert(3)>'


def test_evidence_html_escapes_every_segment():
    text = f"Modelos jóvenes {XSS} viaje pagado"
    start = text.index("viaje")
    html = render.evidence_html(text, [{"name": "travel_paid", "evidence": "viaje pagado", "start": start, "end": start + 12, "weight": 0.8}])
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<mark class="ev" title="travel_paid (weight 0.8)" data-indicator="travel_paid">viaje pagado</mark>' in html


def test_evidence_html_escapes_inside_marks_and_attributes():
    text = '"><script>x</script>'
    html = render.evidence_html(text, [{"name": '"><b>', "evidence": "", "start": 0, "end": len(text), "weight": 1}])
    assert "<script>" not in html and "<b>" not in html
    assert "&#34;&gt;&lt;b&gt;" in html


@pytest.mark.parametrize(
    "hits,expected",
    [
        ([], [("abcdef", [])]),
        ([{"name": "a", "start": 1, "end": 3}], [("a", []), ("bc", ["a"]), ("def", [])]),
        # overlapping hits are clipped, never duplicated
        ([{"name": "a", "start": 0, "end": 4}, {"name": "b", "start": 2, "end": 6}], [("abcd", ["a"]), ("ef", ["b"])]),
        # out-of-range offsets are clipped to the text
        ([{"name": "a", "start": 4, "end": 99}], [("abcd", []), ("ef", ["a"])]),
        # garbage offsets are ignored
        ([{"name": "a", "start": "x", "end": 2}, "nonsense"], [("abcdef", [])]),
    ],
)
def test_evidence_spans_offsets(hits, expected):
    spans = render.evidence_spans("abcdef", hits)
    assert [(s["text"], s["names"]) for s in spans] == expected


def test_highlight_fragment_keeps_only_highlight_tags():
    encoded = "oferta &lt;script&gt;alert(1)&lt;&#x2F;script&gt; <em>modelos</em> ya"
    out = render.highlight_fragment(encoded)
    assert out == "oferta &lt;script&gt;alert(1)&lt;&#x2F;script&gt; <mark>modelos</mark> ya"


def test_highlight_fragment_escapes_unencoded_markup():
    # If the engine's html encoder were ever missing, raw markup must still come out inert.
    out = render.highlight_fragment('<script>alert(1)</script><em>x</em><img src=x onerror="y">')
    assert "<script>" not in out and "<img" not in out
    assert "<mark>x</mark>" in out


def test_scored_text_joins_title_and_text():
    assert render.scored_text({"title": "T", "text": "body"}) == "T\nbody"
    assert render.scored_text({"title": "", "text": "body"}) == "body"

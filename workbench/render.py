"""Turning ad content into safe HTML: every byte from an ad is escaped here.

Ads are hostile input (they may contain ``<script>``, ``javascript:`` links or
look-alike markup). Only two kinds of markup ever reach a page unescaped:
highlight fragments the engine encoded itself (``encoder: html``) and spans
built here from evidence offsets, whose every segment goes through ``escape``.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

# Tags the engine's html encoder adds around matches; everything else in a
# fragment is entity-encoded by the engine.
_HL_OPEN, _HL_CLOSE = "<em>", "</em>"
_HL_SPLIT = re.compile(r"(</?em>)")


def scored_text(ad: dict[str, Any]) -> str:
    """The text indicator offsets point into: title + newline + text (text alone without a title)."""
    title, text = ad.get("title") or "", ad.get("text") or ""
    return f"{title}\n{text}" if title else text


def highlight_fragment(fragment: str) -> Markup:
    """Re-emit an engine highlight fragment as safe HTML.

    The engine already HTML-encodes fragments (``encoder: html``), but we do
    not trust that alone: the fragment is split on the highlight tags, any
    piece that still holds a raw ``<``, ``>`` or quote (which an encoded
    fragment never does) is escaped, and the tags become ``<mark>``.
    """
    out: list[str] = []
    for piece in _HL_SPLIT.split(fragment):
        if piece == _HL_OPEN:
            out.append("<mark>")
        elif piece == _HL_CLOSE:
            out.append("</mark>")
        else:
            # An encoded fragment has no raw angle brackets or quotes; if one
            # slipped through (encoder not set), escape it: never live markup.
            out.append(str(escape(piece)) if re.search(r"[<>\"]", piece) else piece)
    return Markup("".join(out))


def evidence_spans(text: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Split ``text`` into plain and indicator segments from hit offsets.

    Overlapping or out-of-range hits are clipped so segments never overlap;
    each segment is ``{"text", "names", "evidence", "weight"}`` (names empty
    for plain text). Templates render segments with autoescape, so no segment
    text ever becomes markup.
    """
    n = len(text)
    marks = sorted(
        ((max(0, int(h.get("start", 0))), min(n, int(h.get("end", 0))), h)
         for h in hits or []
         if isinstance(h, dict) and str(h.get("start", "")).lstrip("-").isdigit()),
        key=lambda m: (m[0], m[1]),  # two indicators on one span: never compare the hit dicts (TypeError, 500)
    )
    segments: list[dict[str, Any]] = []
    pos = 0
    for start, end, hit in marks:
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            segments.append({"text": text[pos:start], "names": []})
        segments.append(
            {
                "text": text[start:end],
                "names": [str(hit.get("name", ""))],
                "evidence": str(hit.get("evidence", "")),
                "weight": hit.get("weight"),
            }
        )
        pos = end
    if pos < n:
        segments.append({"text": text[pos:], "names": []})
    return segments


def evidence_html(text: str, hits: list[dict[str, Any]]) -> Markup:
    """The full ad text as HTML with indicator evidence wrapped in ``<mark>``; all text escaped."""
    parts: list[str] = []
    for seg in evidence_spans(text, hits):
        body = escape(seg["text"])
        if seg["names"]:
            tip = escape(f"{', '.join(seg['names'])} (weight {seg.get('weight')})")
            name = escape(seg["names"][0])
            parts.append(f'<mark class="ev" title="{tip}" data-indicator="{name}">{body}</mark>')
        else:
            parts.append(str(body))
    return Markup("".join(parts))


def indicator_evidence(ad: dict[str, Any]) -> dict[str, list[str]]:
    """Indicator name -> evidence strings (for chips and tooltips)."""
    out: dict[str, list[str]] = {}
    for hit in ad.get("indicator_hits") or []:
        if isinstance(hit, dict):
            out.setdefault(str(hit.get("name", "")), []).append(str(hit.get("evidence", "")))
    for name in ad.get("indicators") or []:
        out.setdefault(str(name), [])
    return out

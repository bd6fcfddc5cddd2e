"""``BoundedRegex.finditer`` gives exactly the matches of the full boundary pattern."""

from __future__ import annotations

import itertools

from nlp.evaluate import load_labelled
from nlp.indicators import BoundedRegex, load_patterns
from nlp.normalize import fold

_EDGE_TEXTS = ["", "a", "ab ab", "xab ab", "$$ $$$ earn £ 100", "joven jovenes  jovenesx", "aaa", "w w www"]


def _spans(it) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in it]


def test_bounded_regex_matches_full_pattern_on_edge_cases():
    for rx in ["ab", "a*", "\\$\\$", "earn £", "jovenes?", "(?:x)?", "w+"]:
        b = BoundedRegex(rx)
        for text in _EDGE_TEXTS:
            assert _spans(b.finditer(text)) == _spans(b.full.finditer(text)), (rx, text)


def test_bounded_regex_matches_full_pattern_for_every_shipped_pattern():
    texts = [fold((r.get("title") or "") + "\n" + r["text"]).text for r in load_labelled()[::12]]
    rows = load_patterns(["es", "en", "pt"])
    for row in itertools.islice(rows, 0, None, 3):
        b = BoundedRegex(row.get("regex") or row.get("veto") or "x")
        for text in texts:
            assert _spans(b.finditer(text)) == _spans(b.full.finditer(text)), (row, text[:60])

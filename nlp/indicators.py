"""The 17 indicators of deceptive recruitment and the ``anzuelo_indicators_v1`` component.

Patterns are data (``nlp/patterns/{common,es,en,pt}.jsonl``), one JSON object
a line with an ``indicator`` and one of: ``regex`` (matched on the folded
text between non-word boundaries), ``phrase`` (PhraseMatcher on the folded
text), ``pattern`` (a spaCy Matcher token pattern) or ``veto`` (a regex whose
matches cancel overlapping matches of that indicator: "no cobramos ...").
Document-level indicators (``private_contact``, ``no_employer_identity``,
``age_targeting`` from age ranges, ``relocation_abroad`` from places,
``high_pay_low_skill`` from salaries) use the entities found by
``anzuelo_entities_v1``, which must run first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nlp._spacy  # noqa: F401  (before spacy: keeps torch out)
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from nlp import doc_rules
from nlp.normalize import Folded, fold
from nlp.types import Indicator

from nlp.features import INDICATOR_NAMES, indicator_features  # noqa: F401  (re-exported)

PATTERNS_DIR = Path(__file__).parent / "patterns"
WEIGHTS: dict[str, float] = json.loads((PATTERNS_DIR / "weights.json").read_text())
MAX_PER_INDICATOR = 5

if not Doc.has_extension("anzuelo_indicators"):
    Doc.set_extension("anzuelo_indicators", default=None)


def load_patterns(langs: list[str]) -> list[dict]:
    """Pattern rows of ``common`` plus each language in ``langs``."""
    rows = []
    for name in ["common", *langs]:
        path = PATTERNS_DIR / f"{name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["indicator"] not in INDICATOR_NAMES:
                    raise ValueError(f"{path}: unknown indicator {row['indicator']!r}")
                rows.append(row)
    return rows


_START = re.compile(r"(?:(?<!\w)|(?!\w))")
#: Inside a run of word characters this long, a body-only search is quadratic: re tries the body at
#: every position of the run and each try backtracks over the rest of it (``\d+ fotos?`` on 20,000
#: digits took minutes; tests/fuzz/test_fuzz_scorer.py). ``full`` fails at once inside a run, so
#: texts holding such a run are searched with it: the same matches (see ``finditer``), linear time.
_LONG_RUN = re.compile(r"\w{64}")


class BoundedRegex:
    """A pattern between non-word boundaries whose ``finditer`` runs at C speed.

    The full pattern ``B(rx)E`` (``B``: not between two word characters) is
    what matches; but a leading look-around stops ``re`` from scanning ahead
    for the pattern's first literal, so each of ~300 patterns per ad would be
    tried at every position. ``finditer`` searches the unbounded ``(rx)E``
    (literal-prefix scan) and keeps a candidate only where ``B`` holds there:
    ``B`` is zero-width, so the match at that position is the one ``B(rx)E``
    gives, and the matches are the same as ``full.finditer``'s.
    """

    __slots__ = ("full", "body")

    def __init__(self, rx: str) -> None:
        # Word boundaries only where the pattern's own edge is a word character, so
        # patterns may start or end with a symbol ("earn £", "$$").
        self.full = re.compile(r"(?:(?<!\w)|(?!\w))(?:" + rx + r")(?!(?<=\w)\w)")
        self.body = re.compile(r"(?:" + rx + r")(?!(?<=\w)\w)")

    def finditer(self, text: str):
        """The matches of ``full.finditer(text)``, in order."""
        search, start_ok = self.body.search, _START.match
        pos, n = 0, len(text)
        while pos <= n:
            m = search(text, pos)
            if m is None:
                return
            p = m.start()
            if start_ok(text, p) is None:
                pos = p + 1
                continue
            if m.end() == p:  # empty match: let re apply its own rule for the next one
                yield from self.full.finditer(text, p)
                return
            yield m
            pos = m.end()

    def search(self, text: str):
        """The first match of ``full`` in ``text``, or None."""
        return next(iter(self.finditer(text)), None)


def _compile(rx: str) -> BoundedRegex:
    return BoundedRegex(rx)


@Language.factory("anzuelo_indicators_v1", default_config={"langs": ["es"]})
def make_indicators(nlp: Language, name: str, langs: list[str]) -> "IndicatorsComponent":
    """Factory of the indicator component for the pattern files of ``langs``."""
    return IndicatorsComponent(nlp, langs)


class IndicatorsComponent:
    """Finds indicator evidence; stores ``Indicator`` objects in ``doc._.anzuelo_indicators``."""

    def __init__(self, nlp: Language, langs: list[str]) -> None:
        self.regexes: list[tuple[str, BoundedRegex]] = []
        self.vetoes: dict[str, list[BoundedRegex]] = {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        for row in load_patterns(langs):
            name = row["indicator"]
            if "regex" in row:
                self.regexes.append((name, _compile(row["regex"])))
            elif "veto" in row:
                self.vetoes.setdefault(name, []).append(_compile(row["veto"]))
            elif "phrase" in row:
                self.phrases.add(name, [nlp.make_doc(row["phrase"])])
            elif "pattern" in row:
                self.matcher.add(name, [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        meta = doc.user_data.get("anzuelo", {})
        folded: Folded = meta.get("folded") or fold(doc.text)
        text = doc.text
        found: list[tuple[str, int, int]] = []  # folded offsets
        runs = _LONG_RUN.search(text) is not None
        for name, rx in self.regexes:
            found.extend((name, m.start(), m.end()) for m in (rx.full if runs else rx).finditer(text) if m.end() > m.start())
        matches = [*(self.phrases(doc) if len(self.phrases) else []), *(self.matcher(doc) if len(self.matcher) else [])]
        for match_id, s, e in matches:
            span = doc[s:e]
            found.append((doc.vocab.strings[match_id], span.start_char, span.end_char))
        # Vetoes only matter for indicators that matched (some veto patterns are
        # the slowest of all: an optional prefix, then \w*).
        hit = {f[0] for f in found}
        vetoed = {name: [(m.start(), m.end()) for rx in rxs for m in (rx.full if runs else rx).finditer(text)]
                  for name, rxs in self.vetoes.items() if name in hit}
        found = [f for f in found if not any(a < f[2] and f[1] < b for a, b in vetoed.get(f[0], ()))]
        indicators = [_indicator(folded, name, s, e) for name, s, e in found]
        ents = doc._.anzuelo_entities or {}
        indicators = doc_rules.apply(indicators, ents, folded, meta, doc)
        doc._.anzuelo_indicators = _dedupe(indicators)
        return doc


def _indicator(folded: Folded, name: str, start: int, end: int) -> Indicator:
    s, e = folded.span(start, end)
    return Indicator(name=name, evidence=folded.original[s:e], start=s, end=e, weight=WEIGHTS[name])


def _dedupe(indicators: list[Indicator]) -> list[Indicator]:
    """One row per indicator and evidence, no nested spans, at most ``MAX_PER_INDICATOR`` rows each.

    An explanation names each piece of evidence once: "hombres" three times in
    one ad is one row (at its first place), not three that look like three findings.
    """
    first: dict[tuple[str, str], Indicator] = {}
    for ind in sorted(indicators, key=lambda i: (i.start, i.end)):
        first.setdefault((ind.name, " ".join(ind.evidence.casefold().split())), ind)
    out: list[Indicator] = []
    for ind in sorted(first.values(), key=lambda i: (i.name, -(i.end - i.start), i.start)):
        same = [o for o in out if o.name == ind.name]
        if len(same) >= MAX_PER_INDICATOR:
            continue
        if any(o.start <= ind.start and ind.end <= o.end and o.end > o.start for o in same):
            continue
        if ind.end == ind.start and same:
            continue
        out.append(ind)
    return sorted(out, key=lambda i: (i.start, i.name))

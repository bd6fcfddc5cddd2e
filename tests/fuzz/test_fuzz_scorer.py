"""Fuzz: the scorer's text path (``nlp/scorer.py``) with the rules model and the shipped default model.

Any text, title, language, country and employer: never an exception, a score
always a finite probability in [0, 1], a valid risk level, and every
indicator's offsets pointing at its evidence in the scored string (what the
workbench highlights). The default model costs more per ad, so it sees fewer
examples (25, no deadline).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from index.fields import RISK_LEVELS
from nlp.scorer import Scorer, scored_text
from tests.fixtures.fuzz import json_values, nasty_text
from tests.fixtures.nlp import ROOT

LANGS = st.one_of(st.sampled_from([None, "es", "en", "pt", "ES", "pt-BR", "xx", "", "und", "zh"]), nasty_text, json_values)
COUNTRIES = st.one_of(st.sampled_from([None, "CO", "BR", "MX", "US", "co", "XX", ""]), nasty_text, json_values)
ads = st.fixed_dictionaries({"text": nasty_text}, optional={
    "title": st.one_of(nasty_text, json_values), "lang": LANGS, "country": COUNTRIES,
    "employer": st.one_of(nasty_text, json_values, st.fixed_dictionaries({"name": json_values}))})
LURE = ("Se buscan chicas de 18 a 25 años para trabajar en el exterior, pasaje y hospedaje pagos, "
        "sin experiencia, $3.000 USD semanales. Escribir al WhatsApp +57 300 555 0100 urgente")


@pytest.fixture(scope="module")
def default_scorer() -> Scorer:
    """The shipped default model (``nlp/models/default``), loaded once."""
    return Scorer.load(ROOT / "nlp" / "models" / "default")


def _check(scorer: Scorer, batch: list[dict]) -> None:
    scores = scorer.score_batch(batch)
    assert len(scores) == len(batch)
    for ad, s in zip(batch, scores):
        assert math.isfinite(s.score) and 0.0 <= s.score <= 1.0, s.score
        assert s.risk in RISK_LEVELS and isinstance(s.lang, str)
        scored = scored_text(ad)
        for ind in s.indicators:
            assert 0.0 <= ind.weight <= 1.0
            if ind.evidence:
                assert scored[ind.start:ind.end] == ind.evidence, (ind, scored[max(0, ind.start - 5):ind.end + 5])


@given(st.lists(ads, min_size=1, max_size=3))
@example([{"text": LURE, "lang": "es", "country": "CO"}])
@example([{"text": "\u202e" + LURE + "\x00", "title": "\ud800", "lang": ["es"], "country": {"x": 1}, "employer": {"name": 7}}])
@example([{"text": "ﬁ ß İ ǅ " * 50 + LURE, "lang": "es"}])  # case and compatibility folds change lengths
@example([{"text": "", "title": ""}, {"text": "\u0000" * 1000}])
@settings(max_examples=60)
def test_fuzz_rules_scorer_scores_any_text(scorer, batch):
    _check(scorer, batch)


@given(st.lists(ads, min_size=1, max_size=2))
@example([{"text": "\ud800"}])  # regression: a lone surrogate crashed the encoders' tokenizer (TypeError)
@example([{"text": "👨‍👩‍👧‍👦" * 500, "title": "🇨🇴", "lang": "xx"}])
@settings(max_examples=25, deadline=None)
def test_fuzz_default_model_scores_any_text(default_scorer, batch):
    _check(default_scorer, batch)


@given(st.sampled_from(["9", "a", "A1", "\u0000", "👍"]), st.integers(min_value=5_000, max_value=20_000))
@example("9", 20_000)  # regression: ~880 patterns and the legal-name regex were quadratic in a run (minutes)
@settings(max_examples=3, deadline=None)
def test_fuzz_rules_scorer_long_runs(scorer, unit, size):
    _check(scorer, [{"text": LURE + " " + unit * (size // len(unit)) + " " + LURE, "lang": "es"}])

"""The public scorer: ``Scorer.load(model_dir)`` and ``score_batch(ads)``.

Scored string: ``title + "\\n" + text`` (or ``text`` alone when the title is
missing or empty); every ``Indicator`` offset points into that string.
An ad is a mapping with ``text`` (required), ``title``, ``lang``, ``country``
(ISO alpha-2, where it is posted) and ``employer``: the hiring organisation
the page gives (JSON-LD ``hiringOrganization``, a board's company field).
A named employer means ``no_employer_identity`` does not fire; placeholders
such as "NA" or "Confidencial" count as no name (``nlp.employer.is_placeholder``).
A model folder holds ``config.json``; ``kind: "rules"`` is the built-in
``nlp.rules_model``; any other kind is loaded through
``nlp.model.load_model(model_dir)`` (imported only then, so the rules path
never imports torch).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from anzuelo.errors import InputError
from nlp.langdetect import detect_lang, normalise_lang
from nlp.types import Score

PACKAGE_DIR = Path(__file__).parent
DEFAULT_MODEL_DIR = PACKAGE_DIR / "models" / "default"
RULES_MODEL_DIR = PACKAGE_DIR / "models" / "rules"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def scored_text(ad: Mapping[str, Any]) -> str:
    """The string that is scored and that indicator offsets refer to."""
    title = ad.get("title") or ""
    text = ad.get("text") or ""
    scored = f"{title}\n{text}" if isinstance(title, str) and title.strip() else text
    # A lone surrogate (a JSON "\\ud800" escape, an API caller) crashed the encoders' tokenizer;
    # U+FFFD is one character too, so every offset stays right (tests/fuzz/test_fuzz_scorer.py).
    return _LONE_SURROGATE.sub("\ufffd", scored) if _LONE_SURROGATE.search(scored) else scored


def resolve_model_dir(model_dir: str | Path | None, models_dir: str | Path | None = None) -> Path:
    """``model_dir``; else the version promoted in the registry; else the shipped default; else the rules model.

    This is the one place every consumer (crawls, ``score``, ``rescore``, ``evaluate``) gets
    its model from when none is given. ``models_dir`` is the registry folder (None:
    ``ANZUELO_MODELS_DIR``); a promoted folder that no longer matches its registration
    raises instead of quietly scoring with something else.
    """
    if model_dir is not None:
        return Path(model_dir).expanduser()
    from nlp.model.registry import Registry  # spaCy- and torch-free

    promoted = Registry(models_dir).promoted_dir()
    if promoted is not None:
        return promoted
    return DEFAULT_MODEL_DIR if (DEFAULT_MODEL_DIR / "config.json").is_file() else RULES_MODEL_DIR


class Scorer:
    """Scores ads: indicators and entities from the rule pipeline, probability from the model."""

    def __init__(self, model: Any, model_dir: Path | None = None) -> None:
        self.model = model
        self.model_dir = model_dir

    @property
    def model_version(self) -> str:
        """Version string of the model behind the scores."""
        return str(self.model.version)

    @property
    def thresholds(self) -> dict[str, float]:
        """Risk thresholds: ``{"medium": p, "high": p}``."""
        return dict(self.model.thresholds)

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> "Scorer":
        """Load the model in ``model_dir`` (None: the promoted version, else the default model, else rules-only)."""
        path = resolve_model_dir(model_dir)
        config_file = path / "config.json"
        if not config_file.is_file():
            raise InputError(f"no model config at {config_file}",
                             "pass --model with a folder holding config.json, or omit it to use the rules model")
        try:
            config = json.loads(config_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"model config {config_file} is not valid JSON: {exc}", "re-create or re-train the model") from exc
        if config.get("kind", "rules") == "rules":
            from nlp.rules_model import RulesModel

            return cls(RulesModel(config), path)
        from nlp.model import load_model  # lazy: may import torch

        return cls(load_model(path), path)

    def analyse(self, ad: Mapping[str, Any]) -> tuple[str, str, list, dict]:
        """Scored string, language, indicators and entities of one ad (no probability)."""
        from nlp.pipeline import analyse

        text = scored_text(ad)
        lang = normalise_lang(ad.get("lang")) or detect_lang(text)
        employer = ad.get("employer")
        if isinstance(employer, Mapping):  # a JSON-LD Organization: {"@type": ..., "name": ...}
            employer = employer.get("name")
        employer = employer if isinstance(employer, str) else None
        country = ad.get("country") if isinstance(ad.get("country"), str) else None
        indicators, entities = analyse(text, lang, country=country, employer=employer)
        return text, lang, indicators, entities

    def score_batch(self, ads: Sequence[Mapping[str, Any]]) -> list[Score]:
        """One ``Score`` per ad, in input order. Each ad needs a string ``text``."""
        for i, ad in enumerate(ads):
            if not isinstance(ad.get("text"), str):
                raise InputError(f"ad {i} has no text string", "every ad needs a 'text' field holding a string")
        prefetch = getattr(self.model, "prefetch", None)
        if prefetch is not None:  # models with an encoder embed in a thread while the rules run
            prefetch([scored_text(ad) for ad in ads])
        rows = [self.analyse(ad) for ad in ads]
        if not rows:
            return []
        probs = self.model.predict_proba([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
        return [Score(score=float(p), risk=self.risk(float(p)), indicators=inds, entities=ents, lang=lang,
                      model_version=self.model_version)
                for p, (_, lang, inds, ents) in zip(probs, rows)]

    def risk(self, p: float) -> str:
        """``high``, ``medium`` or ``low`` for probability ``p``."""
        t = self.model.thresholds
        return "high" if p >= t["high"] else "medium" if p >= t["medium"] else "low"

"""Offline language identification for ads without a ``lang`` field.

``py3langid`` restricted to the three languages anzuelo has patterns for;
text too short to judge gives ``"und"``. Given codes are normalised
("es-CO", "spa", "Español" -> "es"); other languages keep their code.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("es", "en", "pt")
MIN_LETTERS = 12
_ALIASES = {"spa": "es", "spanish": "es", "espanol": "es", "español": "es", "castellano": "es", "eng": "en",
            "english": "en", "ingles": "en", "inglés": "en", "por": "pt", "portuguese": "pt", "portugues": "pt",
            "português": "pt", "pt-br": "pt", "pb": "pt"}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(SUPPORTED))
    return ident


def normalise_lang(code: str | None) -> str | None:
    """A two-letter lower-case code for a given language label, or None if empty."""
    if not code or not str(code).strip():
        return None
    code = str(code).strip().lower()
    code = _ALIASES.get(code, code)
    return re.split(r"[-_]", code)[0] or None


def detect_lang(text: str) -> str:
    """``es``, ``en`` or ``pt`` for ``text``; ``und`` when it is too short to tell."""
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_LETTERS:
        return "und"
    lang, _prob = _identifier().classify(text)
    return lang

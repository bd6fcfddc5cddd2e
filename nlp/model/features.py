"""Features beside the encoder: indicator vectors and character n-gram TF-IDF.

Indicator features use the rules engineer's ``INDICATOR_NAMES`` order and
``indicator_features`` when ``nlp`` provides them, else the vocabulary of the
labelled data. At training time the indicators come from the rules
(``predict_indicators``) when those exist, so that training and scoring see
the same kind of evidence; otherwise the gold ``indicators`` field is used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

#: Vocabulary of data/labelled (used until nlp exposes INDICATOR_NAMES).
FALLBACK_INDICATOR_NAMES = (
    "age_targeting", "gender_appearance", "photo_request", "travel_paid", "relocation_abroad",
    "accommodation_provided", "high_pay_low_skill", "no_experience", "urgency", "private_contact",
    "no_employer_identity", "vague_job", "upfront_fee_or_debt", "document_request",
    "secrecy_or_isolation", "adult_industry", "minors_ok",
)


def indicator_names() -> tuple[str, ...]:
    """The fixed order of indicator features (``nlp.indicators.INDICATOR_NAMES`` when present)."""
    try:  # nlp.features is spaCy-free; nlp.indicators is the older home of the same tuple
        from nlp.features import INDICATOR_NAMES
    except ImportError:
        try:
            from nlp.indicators import INDICATOR_NAMES
        except ImportError:
            return FALLBACK_INDICATOR_NAMES
    return tuple(INDICATOR_NAMES)


def _name(ind) -> str:
    return ind if isinstance(ind, str) else getattr(ind, "name", str(ind))


def indicator_matrix(indicators: Sequence[Sequence], names: Sequence[str]) -> np.ndarray:
    """Binary presence of each indicator (columns in ``names`` order) plus a count column.

    ``indicators`` holds, per text, ``Indicator`` objects or plain names.
    """
    pos = {n: i for i, n in enumerate(names)}
    X = np.zeros((len(indicators), len(names) + 1), dtype=np.float32)
    for r, inds in enumerate(indicators):
        seen = {_name(i) for i in (inds or [])}
        for n in seen:
            if n in pos:
                X[r, pos[n]] = 1.0
        X[r, -1] = len(seen & pos.keys()) / 5.0  # scaled count: lures stack indicators
    return X


def rules_available() -> bool:
    """Whether the ``nlp`` rule pipeline (spaCy indicator components) can be imported."""
    try:
        import nlp.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


def predict_indicators(texts: Sequence[str], langs: Sequence[str], progress: bool = False,
                       employers: Sequence[str | None] | None = None,
                       countries: Sequence[str | None] | None = None) -> list[list] | None:
    """Indicators the ``nlp`` rules find in each scored text, or None when the rules are missing.

    ``employers`` (the employers the pages name) and ``countries`` (where each ad is posted)
    reach the rules as the Scorer passes them from a crawl, so training sees
    ``no_employer_identity``, places abroad and pay levels exactly as scoring does.
    """
    if not rules_available():
        return None
    from nlp.pipeline import analyse

    none = [None] * len(texts)
    rows = zip(texts, langs, employers if employers is not None else none, countries if countries is not None else none)
    if progress:
        from tqdm import tqdm

        rows = tqdm(rows, total=len(texts), desc="rules", unit="ad", leave=False)
    return [analyse(t, lang if lang in ("es", "en", "pt") else "xx", employer=emp, country=c)[0]
            for t, lang, emp, c in rows]


def text_vectorizer(max_features: int = 60000):
    """Character n-grams (char_wb 2-5) and word uni/bigrams side by side.

    Words carry the phrases real lures share across outlets ("part-time", "per day",
    "agrega a nuestra recepcionista"); characters carry typos, accents and mixed languages.
    """
    from sklearn.pipeline import make_union

    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True, min_df=2,
                            max_features=max_features, dtype=np.float32)
    return make_union(char_vectorizer(max_features), words)


def char_vectorizer(max_features: int = 40000) -> TfidfVectorizer:
    """Character n-grams within word boundaries (2-5), robust to typos, accents and mixed languages."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True,
                           min_df=2, max_features=max_features, dtype=np.float32)

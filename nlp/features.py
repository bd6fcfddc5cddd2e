"""Indicator names and the fixed-order feature vector (no spaCy: safe for any caller).

``indicator_features(indicators)`` gives 17 floats in ``INDICATOR_NAMES``
order: the highest weight of each indicator found (0.0 when absent), or with
``kind="count"`` how many spans of it were found. The rules model and the
trained classifier both use it.
"""

from __future__ import annotations

from nlp.types import Indicator

INDICATOR_NAMES: tuple[str, ...] = (
    "age_targeting", "gender_appearance", "photo_request", "travel_paid", "relocation_abroad",
    "accommodation_provided", "high_pay_low_skill", "no_experience", "urgency", "private_contact",
    "no_employer_identity", "vague_job", "upfront_fee_or_debt", "document_request", "secrecy_or_isolation",
    "adult_industry", "minors_ok",
)


def indicator_features(indicators: list[Indicator], kind: str = "max_weight") -> list[float]:
    """A fixed-order vector over ``INDICATOR_NAMES``: max weight (default) or ``kind="count"``."""
    vec = [0.0] * len(INDICATOR_NAMES)
    index = {n: i for i, n in enumerate(INDICATOR_NAMES)}
    for ind in indicators:
        i = index.get(ind.name)
        if i is None:
            continue
        vec[i] = vec[i] + 1.0 if kind == "count" else max(vec[i], ind.weight)
    return vec

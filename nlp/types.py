"""Public result types of the scorer: what every caller of ``nlp`` receives."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Indicator:
    """One piece of evidence: an indicator name and the span of text that shows it.

    Offsets index the scored string: ``title + "\n" + text``, or ``text``
    alone when the title is missing or empty; ``scored[start:end] == evidence``.
    Document-level findings with no single span (``no_employer_identity``)
    have ``evidence == ""`` and ``start == end == 0``. ``weight`` (0..1) is
    the indicator's prior strength from ``nlp/patterns/weights.json``.
    """

    name: str
    evidence: str
    start: int  # character offset in the scored text (title + "\n" + text)
    end: int
    weight: float


@dataclass
class Score:
    """The scorer's verdict on one ad.

    ``score`` is a calibrated probability of deceptive recruitment, ``risk`` its
    level under the thresholds stored in the model config, ``entities`` the
    contact details and facts found (see ``nlp.entities``).
    """

    score: float
    risk: str
    indicators: list[Indicator] = field(default_factory=list)
    entities: dict[str, Any] = field(default_factory=dict)
    lang: str = "und"
    model_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (indicators as dicts)."""
        return asdict(self)

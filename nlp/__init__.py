"""Scoring of job ads for deceptive-recruitment indicators.

Public API: ``Scorer.load(model_dir=None)`` and ``scorer.score_batch(ads)``,
returning ``Score`` objects. Never imports Scrapy or ``index``.
"""

from nlp.types import Indicator, Score

__all__ = ["Indicator", "Score", "Scorer"]


def __getattr__(name: str):
    # Lazy: importing nlp must stay cheap (torch is loaded only with a model).
    if name == "Scorer":
        from nlp.scorer import Scorer

        return Scorer
    raise AttributeError(name)

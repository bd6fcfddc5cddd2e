"""How often each rule indicator fires, and how well it matches gold tags.

Two library functions used by the evaluation, the model card and
``benchmarks/indicator_rates.py``:

* ``fire_rates(texts, langs, employers=None)``: the share of texts on which
  each indicator fires (every name of ``INDICATOR_NAMES`` present, 0.0 when
  it never fires). On legitimate postings this is the false-alarm rate an
  investigator sees.
* ``indicator_recall(texts, langs, gold, employers=None)``: per indicator
  ``{"precision", "recall", "support", "fired", "tp"}`` against gold tags.

Texts are scored strings (``title + "\\n" + text``, see ``nlp.scorer``).
``employers`` gives the employer the page names (JSON-LD
``hiringOrganization``, a board's company field; None where unknown) and
``countries`` the country each ad is posted in (ISO alpha-2; places abroad
and pay levels are judged against it). ``langs`` items may be None (the
language is then detected, as the Scorer does). Only spaCy rules run: no
model, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlp.features import INDICATOR_NAMES


def _column(values: Sequence | None, n: int, name: str) -> list:
    if values is None:
        return [None] * n
    if len(values) != n:
        raise ValueError(f"{name} has {len(values)} items for {n} texts: pass one per text (None where unknown)")
    return list(values)


def fired_indicators(texts: Sequence[str], langs: Sequence[str], employers: Sequence[str | None] | None = None,
                     countries: Sequence[str | None] | None = None) -> list[set[str]]:
    """The set of indicator names the rules find in each text."""
    from nlp.langdetect import detect_lang, normalise_lang
    from nlp.pipeline import analyse  # spaCy is loaded only when rules run

    n = len(texts)
    langs = _column(langs, n, "langs")
    employers = _column(employers, n, "employers")
    countries = _column(countries, n, "countries")
    out = []
    for text, lang, employer, country in zip(texts, langs, employers, countries):
        lang = normalise_lang(lang) or detect_lang(text)  # as the Scorer does: "pt-BR" -> "pt", None -> detected
        indicators, _ = analyse(text, lang, country=country, employer=employer)
        out.append({i.name for i in indicators})
    return out


def rates_from_sets(fired: Sequence[set[str]]) -> dict[str, float]:
    """Share of items on which each indicator fired (every indicator name present)."""
    n = len(fired)
    return {name: (sum(name in s for s in fired) / n if n else 0.0) for name in INDICATOR_NAMES}


def fire_rates(texts: Sequence[str], langs: Sequence[str], employers: Sequence[str | None] | None = None,
               countries: Sequence[str | None] | None = None) -> dict[str, float]:
    """Share of ``texts`` on which each indicator fires: ``{name: rate}`` for all 17 names."""
    return rates_from_sets(fired_indicators(texts, langs, employers, countries))


def prf_from_sets(fired: Sequence[set[str]], gold: Sequence[Sequence[str]]) -> dict[str, dict]:
    """Per indicator precision, recall, support (gold count), fired count and true positives."""
    if len(fired) != len(gold):
        raise ValueError(f"gold has {len(gold)} rows for {len(fired)} texts")
    out: dict[str, dict] = {}
    for name in INDICATOR_NAMES:
        tp = fp = fn = 0
        for pred, tags in zip(fired, gold):
            hit, want = name in pred, name in set(tags or ())
            tp += hit and want
            fp += hit and not want
            fn += want and not hit
        out[name] = {"precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
                     "support": tp + fn, "fired": tp + fp, "tp": tp}
    return out


def indicator_recall(texts: Sequence[str], langs: Sequence[str], gold: Sequence[Sequence[str]],
                     employers: Sequence[str | None] | None = None,
                     countries: Sequence[str | None] | None = None) -> dict[str, dict]:
    """Per indicator ``{"precision", "recall", "support", "fired", "tp"}`` against ``gold`` tags."""
    if len(gold) != len(texts):
        raise ValueError(f"gold has {len(gold)} rows for {len(texts)} texts: pass one tag list per text")
    return prf_from_sets(fired_indicators(texts, langs, employers, countries), gold)

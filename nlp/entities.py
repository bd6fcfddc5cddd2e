"""Entities of an ad, and the ``anzuelo_entities_v1`` spaCy component.

``entities`` dict keys (all always present):

* ``phones``: E.164 numbers; ``whatsapp``: those given as WhatsApp contacts
  (named next to a WhatsApp word or in a wa.me / api.whatsapp.com link);
  ``phones_unverified``: local numbers of an ad without a country, digits as
  written (no region to normalise them: never used to link ads);
* ``telegram``: ``@handles`` (lower-cased) and ``t.me/+invite`` links;
  ``handles``: Instagram/TikTok handles as ``instagram:name`` (``nlp.handles``);
* ``emails`` (lower-cased), ``email_domains``, ``free_email`` (the addresses
  on free webmail such as gmail or hotmail; empty when none);
* ``urls`` (normalised), ``domains`` (host without ``www.``);
* ``ages`` (ints), ``age_ranges`` (``{"min", "max", "raw"}``);
* ``salaries`` (``{"amount", "currency", "period", "raw"}``);
* ``countries`` (ISO 3166-1 alpha-2), ``cities`` (canonical names);
* ``employer``: the hiring organisation when stated, else None.

The component reads the original text, country and employer hint from
``doc.user_data["anzuelo"]`` (set by ``nlp.pipeline``) and stores the dict in
``doc._.anzuelo_entities``; gazetteer hits also become ``doc.ents``
(GPE labels) on the folded doc.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nlp._spacy  # noqa: F401  (before spacy: keeps torch out)
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nlp import contacts, facts, salary
from nlp.normalize import Folded, fold

PLACES_FILE = Path(__file__).parent / "patterns" / "places.json"

if not Doc.has_extension("anzuelo_entities"):
    Doc.set_extension("anzuelo_entities", default=None)


def empty_entities() -> dict[str, Any]:
    """An entities dict with every key present and nothing found."""
    return {"phones": [], "whatsapp": [], "phones_unverified": [], "telegram": [], "handles": [], "emails": [], "email_domains": [], "free_email": [],
            "urls": [], "domains": [], "ages": [], "age_ranges": [], "salaries": [], "countries": [], "cities": [],
            "employer": None}


def contact_entities(text: str, region: str | None) -> dict[str, Any]:
    """Phones, WhatsApp, Telegram, e-mails and URLs of ``text`` (``nlp.contacts.extract``)."""
    return contacts.extract(text, region)


def extract_entities(text: str, *, country: str | None = None, lang: str | None = None,
                     employer: str | None = None, folded: Folded | None = None) -> dict[str, Any]:
    """Every entity of ``text`` except places (which need the spaCy gazetteer)."""
    folded = folded or fold(text)
    # Only the ad's country normalises local numbers: a region guessed from the
    # language would link recruiters on wrongly normalised phones.
    out = empty_entities()
    out.update(contact_entities(text, (country or "").upper() or None))
    out["ages"], out["age_ranges"] = facts.ages(folded)
    out["salaries"] = salary.salaries(folded, country)
    out["employer"] = facts.employer(text, employer)
    return out


@Language.factory("anzuelo_entities_v1", default_config={"places_file": str(PLACES_FILE)})
def make_entities(nlp: Language, name: str, places_file: str) -> "EntitiesComponent":
    """Factory of the entity component (versioned name: change it when outputs change)."""
    return EntitiesComponent(nlp, places_file)


class EntitiesComponent:
    """Fills ``doc._.anzuelo_entities`` and ``doc.ents`` from the gazetteer and contact rules."""

    def __init__(self, nlp: Language, places_file: str) -> None:
        data = json.loads(Path(places_file).read_text(encoding="utf-8"))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.city_country: dict[str, str] = {}
        for code, names in data["countries"].items():
            self.matcher.add(f"C|{code}", [nlp.make_doc(n) for n in names])
        for city, info in data["cities"].items():
            names = info["names"] or [city.lower()]
            self.matcher.add(f"T|{city}", [nlp.make_doc(n) for n in names])
            self.city_country[city] = info["country"]

    def __call__(self, doc: Doc) -> Doc:
        meta = doc.user_data.get("anzuelo", {})
        folded = meta.get("folded") or fold(doc.text)
        ents = extract_entities(folded.original, country=meta.get("country"), lang=meta.get("lang"),
                                employer=meta.get("employer"), folded=folded)
        spans = []
        places = meta.setdefault("places", {}) if "anzuelo" in doc.user_data else {}
        for match_id, start, end in self.matcher(doc):
            kind, value = doc.vocab.strings[match_id].split("|", 1)
            key = "countries" if kind == "C" else "cities"
            if value not in ents[key]:
                ents[key].append(value)
            span = Span(doc, start, end, label="GPE")
            places[span.text.lower()] = value if kind == "C" else self.city_country[value]
            spans.append(span)
        doc.ents = [s for s in _non_overlapping(spans)]
        doc._.anzuelo_entities = ents
        return doc


def _non_overlapping(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return filter_spans(spans)

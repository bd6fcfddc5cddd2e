"""Is a page one ad, a listing of ads, or something else? Structure signals, no model.

Generic crawls (``jobposting`` and ``classifieds`` without selectors) must not
index category and search pages as ads. One walk over the page's parsed tree
gathers what tells them apart:

* listing: several JobPostings, a count title ("1.234 ofertas de empleo",
  "Vagas de ... em ..."), pagination, repeated sibling cards that each hold a
  link, many links to id-bearing URLs of one shape;
* ad: one dominant text block outside those cards, an apply/reply button
  outside the cards, one rich JobPosting, a URL shaped like the id-bearing
  links it carries (an ad among "related ads" cards).

Each signal adds points to its side; thresholds and points are settings
(``ANZUELO_PAGETYPE_*`` in ``crawler.settings``), so a site that needs other
values gets them without code changes. ``classify_page`` returns the kind with
the reasons, which the spiders count in their stats.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crawler.extract.pagesignals import Signals, page_signals

AD, LISTING, OTHER = "ad", "listing", "other"


@dataclass(frozen=True)
class PageTypeConfig:
    """Thresholds of the decision (``ANZUELO_PAGETYPE_*`` settings, lower-cased without the prefix)."""

    min_cards: int = 5  # sibling cards with a link that make a card list
    card_min_words: float = 4  # average words of a card (fewer: a menu)
    many_cards: int = 10  # ... that make it a long one (one more point)
    similar_links: int = 10  # distinct id-bearing links of one URL shape
    ad_min_words: int = 30  # words outside cards and links of the shortest ad
    ad_long_words: int = 150  # ... of a long ad (one more point)
    block_words: int = 40  # words of one paragraph that only ads have
    link_density_max: float = 0.5  # link words / words outside cards above which a page is no ad
    card_share: float = 0.5  # share of words inside cards that marks a listing
    dominant_share: float = 0.6  # a short ad's prose sits in one block (with its paragraphs): this share of it
    thin_description_words: int = 40  # JobPosting description shorter than this: a listing card
    margin: int = 1  # listing points must beat ad points by this much

    @classmethod
    def from_settings(cls, settings: Any) -> PageTypeConfig:
        """Config from Scrapy settings (``ANZUELO_PAGETYPE_MIN_CARDS`` ...)."""
        kwargs = {}
        for name, default in cls.__dataclass_fields__.items():
            value = settings.get(f"ANZUELO_PAGETYPE_{name.upper()}")
            if value is not None:
                kwargs[name] = type(default.default)(value)
        return cls(**kwargs)


@dataclass
class PageType:
    """The decision and why."""

    kind: str
    ad_points: int
    listing_points: int
    reasons: list[str] = field(default_factory=list)
    signals: Signals | None = None


# "1.234 ofertas", "23 vagas", "1,024 jobs", "Mostrando 20 de 340 resultados"
_COUNT = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,\u00a0 ]\d{3})*\+?\s+(?:nuevas?\s+|new\s+)?(?:ofertas?|empleos?|vacantes?|trabajos?|"
    r"vagas?|empregos?|oportunidades|anuncios?|avisos?|resultados?|jobs?|results?|openings?|postings?|listings?|"
    r"ads|veh[ií]culos|autos|carros|motos|im[óo]veis|inmuebles|propiedades|casas|departamentos|apartamentos|"
    r"homes|apartments|cars|offres|stellen)\b", re.I)
# plural category titles: "Ofertas de empleo de Desarrollador en Bogotá", "Vagas de Motorista em SP", "Nurse jobs in Leeds"
_CATEGORY = re.compile(
    r"^\s*(?:ofertas\s+de\s+(?:empleo|trabajo)|empleos|trabajos|vacantes|vagas|empregos|ofertas)\s+(?:de|para|en|em|in)\b"
    r"|\bjobs\s+(?:in|near|at|for)\b|\b(?:empleos|trabajos|vagas|empregos|vacantes)\s+(?:en|em)\s+\w"
    r"|^\s*(?:search results|resultados de (?:la )?b[uú]squeda|resultados para)\b", re.I)
_PAGE_N = re.compile(r"\b(?:p[aá]gina|page|pag\.?)\s*\d+\s*(?:de|of|/)\s*\d+", re.I)


def classify_page(response: Any, config: PageTypeConfig | None = None, jobpostings: int = 0,
                  rich_jobpostings: int = 0) -> PageType:
    """Kind of an HTML response's page (``ad``, ``listing`` or ``other``) with its points and reasons.

    ``jobpostings``/``rich_jobpostings``: the page's (merged) JobPostings and
    how many of them have a description of ``thin_description_words`` or more.
    """
    config = config or PageTypeConfig()
    try:
        root = response.selector.root
    except (AttributeError, ValueError):
        return PageType(OTHER, 0, 0, ["not_html"])
    sig = page_signals(root, response.url, config.min_cards, config.card_min_words)
    if sig is None:
        return PageType(OTHER, 0, 0, ["empty"])
    return decide(sig, config, jobpostings, rich_jobpostings)


def decide(sig: Signals, config: PageTypeConfig, jobpostings: int = 0, rich_jobpostings: int = 0) -> PageType:
    """Points for each side from the signals, then the kind."""
    ad: Counter[str] = Counter()
    listing: Counter[str] = Counter()
    if jobpostings >= 2:
        listing["jobpostings"] += 3
    elif jobpostings == 1:
        ad["jobposting"] += 2 + (rich_jobpostings == 1)
    heads = [h for h in (sig.title, *sig.h1) if h]
    if any(_COUNT.search(h) for h in heads) or (sig.h1 and any(_COUNT.search(h) for h in sig.h2[:3])):
        listing["count_title"] += 3
    elif any(_CATEGORY.search(h) for h in heads):
        listing["category_title"] += 1  # weak: a lure ad may be titled "Empleos en Europa"
    if sig.pagination or any(_PAGE_N.search(h) for h in heads):
        listing["pagination"] += 2
    if sig.cards >= config.min_cards:
        listing["cards"] += 1 + (sig.cards >= config.many_cards)
        if sig.card_words >= config.card_share * max(sig.words, 1):
            listing["card_share"] += 1
    if sig.sibling:  # the page's URL is shaped like the ads it links to: "related ads" under one ad
        ad["sibling_of_links"] += 2
    elif sig.similar_links >= config.similar_links and sig.cards < config.min_cards:
        listing["similar_links"] += 1  # links to many ads where no cards were seen
    outside = sig.outside_words
    # mostly links and no paragraph of an ad's length: a menu or index page (a long SEO footer of links
    # under a real ad, not marked as <footer>, must not hide the ad)
    dense = (sig.outside_link_words > config.link_density_max * max(outside + sig.outside_link_words, 1)
             and sig.dominant_words < config.ad_min_words)
    # text after the cards is a listing's SEO text; an ad's text comes before its "related ads"
    if outside >= config.ad_min_words and not dense and (sig.text_before_cards or sig.cards < config.min_cards):
        ad["text"] += 1 + (outside >= config.ad_long_words)
        if sig.longest_block >= config.block_words:
            ad["long_block"] += 1
        if sig.cards >= config.min_cards and sig.dominant_words >= config.ad_min_words:
            ad["text_before_cards"] += 1  # a description, then "related ads"
    if 1 <= sig.apply_buttons <= 2:  # more: one per job, a list of jobs
        ad["apply_button"] += 2
    elif sig.apply_buttons > 2:
        listing["apply_buttons"] += 1
    a, li = sum(ad.values()), sum(listing.values())
    reasons = [f"+ad:{k}" for k in ad] + [f"+listing:{k}" for k in listing]
    if li >= 2 and li >= a + config.margin:
        kind = LISTING
    elif a >= 2 or (a >= 1 and li == 0 and len(sig.h1) == 1 and sig.dominant_words >= config.dominant_share * outside):
        kind = AD  # a short classified: one block of prose under one heading and nothing of a listing
    else:
        kind = LISTING if li >= 2 else OTHER
    return PageType(kind, a, li, reasons, sig)

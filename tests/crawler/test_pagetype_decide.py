"""The page-type decision on hand-made signals: each rule's edge, without HTML."""

from __future__ import annotations

import pytest

from crawler.extract.pagesignals import Signals
from crawler.extract.pagetype import PageTypeConfig, decide

CONFIG = PageTypeConfig()


def sig(**kw) -> Signals:
    return Signals(**{"title": "", "h1": ["Título"], **kw})


@pytest.mark.parametrize("signals,postings,rich,kind", [
    # a short lure ad whose title reads like a category: still an ad (category titles weigh little)
    (sig(h1=["Vagas em Portugal com visto"], words=45, outside_words=45, longest_block=45), 0, 0, "ad"),
    # ... but with cards and pagination it is a category page
    (sig(h1=["Vagas em Portugal"], words=60, cards=8, card_words=50, outside_words=10, pagination=True), 0, 0, "listing"),
    # a count in the title is strong: with the cards it beats a long SEO text
    (sig(h1=["1.284 ofertas de trabajo"], words=310, cards=10, card_words=150, outside_words=160, longest_block=60),
     0, 0, "listing"),
    # several JobPostings: a listing unless the page is clearly one ad (one rich posting counts for the ad)
    (sig(words=20, outside_words=20), 5, 0, "listing"),
    (sig(words=10, outside_words=10), 1, 1, "ad"),
    # one apply button is an ad's; one per card is a list's
    (sig(words=40, outside_words=40, apply_buttons=1), 0, 0, "ad"),
    (sig(words=60, outside_words=10, cards=6, card_words=50, apply_buttons=6), 0, 0, "listing"),
    # prose buried in links (a menu page) is no ad
    (sig(words=100, outside_words=35, outside_link_words=65), 0, 0, "other"),
    # ... but a short classified above a long footer of SEO links (not marked <footer>) still is
    (sig(words=347, outside_words=47, outside_link_words=300, longest_block=38, dominant_words=45), 0, 0, "ad"),
    # scattered prose under one heading (a home page) is no short classified
    (sig(words=56, outside_words=40, outside_link_words=16, longest_block=20, dominant_words=20), 0, 0, "other"),
    # a listing's SEO text after its cards gives no ad point ...
    (sig(words=300, cards=6, card_words=150, outside_words=150, longest_block=100, dominant_words=100,
         text_before_cards=False), 0, 0, "listing"),
    # ... while a short ad's text before ten "related ads" cards keeps it an ad
    (sig(words=90, cards=10, card_words=40, outside_words=50, longest_block=38, dominant_words=45), 0, 0, "ad"),
    # nothing at all: other
    (sig(h1=[], words=3, outside_words=3), 0, 0, "other"),
])
def test_pagetype_decide(signals, postings, rich, kind):
    assert decide(signals, CONFIG, postings, rich).kind == kind


def test_pagetype_decide_thresholds_are_settings():
    signals = sig(words=60, cards=4, card_words=50, outside_words=10, pagination=True)
    assert decide(signals, CONFIG).kind == "listing"  # pagination alone: 2 points
    strict = PageTypeConfig(margin=3)
    assert decide(sig(words=60, outside_words=60, pagination=True, longest_block=50), strict).kind == "ad"



@pytest.mark.parametrize("items,cards", [
    # cards say what, where, who
    ("".join(f'<li class="c"><a href="/o/{i}"><h3>Cajero de tienda {i}</h3><span>Bogotá</span></a></li>' for i in range(6)), 6),
    # menu items with an icon are no cards
    ("".join(f'<li class="m"><a href="/cat/{i}"><i></i><span>Cat {i}</span></a></li>' for i in range(6)), 0),
])
def test_pagesignals_cards_are_not_menus(items, cards):
    from lxml import html

    from crawler.extract.pagesignals import page_signals

    root = html.fromstring(f"<html><body><ul>{items}</ul></body></html>")
    assert page_signals(root, "https://x.example/").cards == cards

"""The generic spiders on real-markup fixtures (tests/fixtures/real): ad or not, title, text, employer.

Each page's bytes go through the real parse code with the HTTP charset its
manifest entry gives (or none), at the URL it pretends to come from.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.fixtures.real import load_manifest, response, run_page

PAGES = load_manifest()


@pytest.fixture(scope="module")
def results():
    return {page["file"]: run_page(page) for page in PAGES}


def test_manifest_covers_sites_types_and_encodings():
    assert len(PAGES) >= 60 and len({p["site"] for p in PAGES}) >= 20
    kinds = Counter(p["type"] for p in PAGES)
    assert kinds["ad"] >= 20 and kinds["listing"] >= 20 and kinds["other"] >= 3
    assert {p["charset"].lower() for p in PAGES} >= {"", "utf-8", "iso-8859-1", "windows-1252"}


@pytest.mark.parametrize("page", PAGES, ids=[p["file"] for p in PAGES])
def test_pagetype_real_page(page, results):
    result = results[page["file"]]
    assert (result.kind.kind == "ad") == (page["type"] == "ad"), f"{result.kind.kind}: {result.kind.reasons}"
    if page["type"] == "listing":
        assert result.kind.kind == "listing", result.kind.reasons
    if page["type"] != "ad":
        assert result.classifieds == [] and result.jobposting == []  # followed, never indexed
        return
    assert len(result.classifieds) == 1 and len(result.jobposting) <= 1  # one posting, one item
    items = result.classifieds + result.jobposting
    for item in items:
        assert item.title == page["title"]
        assert page["phrase"] in item.text
        assert (item.employer or "") == page["employer"]
        assert not item.title.startswith(("http://", "https://", "/"))


def test_pagetype_ad_recall_and_no_listing_taken_as_ad(results):
    confusion = Counter((p["type"], results[p["file"]].kind.kind) for p in PAGES)
    print("\nexpected x decided:", dict(sorted(confusion.items())))
    ads = sum(v for (e, _), v in confusion.items() if e == "ad")
    assert confusion[("ad", "ad")] >= 0.95 * ads
    assert sum(v for (e, d), v in confusion.items() if e != "ad" and d == "ad") == 0


def test_jobposting_listing_cards_lead_to_ad_pages(results):
    # cards marked up as JobPosting (many thin postings): their own URLs are requested, no thin items
    indeed = results["indeed-listing.html"]
    assert indeed.jobposting == [] and len(indeed.followed) >= 5
    assert indeed.stats.get("jobposting:drop_item/page_type/listing") == 1
    assert indeed.stats.get("jobposting:anzuelo/jobposting/cards_followed", 0) >= 5


def test_duplicate_markup_gives_one_posting(results):
    # one job in JSON-LD and microdata (elempleo), JSON-LD and RDFa (multitrabajos)
    for name in ("elempleo-ad.html", "multitrabajos-ad.html"):
        result = results[name]
        assert len(result.jobposting) == 1
        assert result.stats.get("jobposting:anzuelo/jobposting/merged", 0) >= 1


@pytest.mark.parametrize("name,expected", [
    ("tecnoempleo-ad.html", ["Educación", "€", "\u201c"]),
    ("trabajando-cl-ad.html", ["Educación", "\u201c"]),
    ("infojobs-es-ad.html", ["€"]),
    ("laborum-ad.html", ["Atención"]),
])
def test_legacy_encodings_give_correct_text(name, expected, results):
    page = next(p for p in PAGES if p["file"] == name)
    text = response(page).text
    item = results[name].classifieds[0]
    for s in expected:
        assert s in text and s in item.title + item.text, s
    assert "\ufffd" not in item.text and "Ã" not in item.text

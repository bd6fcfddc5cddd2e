"""Built engine bodies, asserted as literal JSON (what the engine receives, exactly)."""

from __future__ import annotations

import pytest

from anzuelo.errors import InputError
from index.query import SearchQuery, build_body, build_linked_body, build_recruiter_body, parse_args
from index.synonyms import Synonyms

FIELDS = ["title^2", "title.es^2", "title.en^2", "title.pt^2", "text", "text.es", "text.en", "text.pt",
          "employer", "employer.es", "employer.en", "employer.pt"]
AGGS = {
    "risk": {"terms": {"field": "risk", "size": 3}},
    "source": {"terms": {"field": "source", "size": 50}},
    "country": {"terms": {"field": "country", "size": 50}},
    "lang": {"terms": {"field": "lang", "size": 10}},
    "indicators": {"terms": {"field": "indicators", "size": 50}},
    "status": {"terms": {"field": "status", "size": 5}},
}
SORT_SCORE = [{"score": {"order": "desc", "missing": "_last"}},
              {"posted_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]


def test_build_body_empty_query_is_match_all_best_first():
    assert build_body(SearchQuery()) == {
        "query": {"bool": {"must": [{"match_all": {}}], "filter": [], "must_not": []}},
        "sort": SORT_SCORE,
        "from": 0,
        "size": 20,
        "track_total_hits": True,
        "aggs": AGGS,
    }


def test_build_body_text_filters_highlight_and_paging():
    q = parse_args({
        "q": "modelo extranjero", "min_score": "0.5", "risk": ["high", "medium"], "source": "demo-jobs",
        "country": "co", "lang": "ES", "indicator": "pays_travel", "has_phone": "true", "has_telegram": "false",
        "status": "online", "posted_from": "2024-01-01", "seen_to": "2024-12-31", "label": "deceptive",
        "page": "3", "size": "10",
    })
    assert build_body(q, Synonyms()) == {  # no synonyms: the text as typed (expansion: test_query_synonyms.py)
        "query": {"bool": {
            "must": [{"simple_query_string": {"query": "modelo extranjero", "fields": FIELDS,
                                              "default_operator": "and", "lenient": True}}],
            "filter": [
                {"range": {"score": {"gte": 0.5}}},
                {"terms": {"risk": ["high", "medium"]}},
                {"terms": {"source": ["demo-jobs"]}},
                {"terms": {"country": ["CO"]}},
                {"terms": {"lang": ["es"]}},
                {"terms": {"indicators": ["pays_travel"]}},
                {"exists": {"field": "phones"}},
                {"term": {"status": "online"}},
                {"term": {"label": "deceptive"}},
                {"range": {"posted_at": {"gte": "2024-01-01"}}},
                {"range": {"last_seen": {"lte": "2024-12-31"}}},
            ],
            "must_not": [{"exists": {"field": "telegram"}}],
        }},
        "sort": SORT_SCORE,
        "from": 20,
        "size": 10,
        "track_total_hits": True,
        "aggs": AGGS,
        "highlight": {
            "encoder": "html", "pre_tags": ["<em>"], "post_tags": ["</em>"],
            "fields": {"title*": {"number_of_fragments": 0},
                       "text*": {"fragment_size": 160, "number_of_fragments": 3}},
        },
    }


@pytest.mark.parametrize(("sort", "expected"), [
    ("date", [{"posted_at": {"order": "desc", "missing": "_last"}},
              {"score": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]),
    ("relevance", [{"_score": "desc"}, {"score": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]),
])
def test_build_body_sorts(sort, expected):
    assert build_body(parse_args({"sort": sort}))["sort"] == expected


def test_label_none_means_unlabelled_and_no_highlight_without_text():
    body = build_body(parse_args({"label": "none", "highlight": "true"}))
    assert body["query"]["bool"]["must_not"] == [{"exists": {"field": "label"}}]
    assert "highlight" not in body


def test_build_linked_body():
    ad = {"id": "abc", "phones": ["+57300", "+57300", "+57111"], "whatsapp": [], "telegram": ["recruit"],
          "emails": None, "text": "Viaje pagado a Europa"}
    assert build_linked_body(ad, size=5) == {
        "query": {"bool": {
            "should": [
                {"terms": {"phones": ["+57111", "+57300"], "_name": "phones"}},
                {"terms": {"telegram": ["recruit"], "_name": "telegram"}},
                {"more_like_this": {"fields": ["text"], "like": "Viaje pagado a Europa", "min_term_freq": 1,
                                    "min_doc_freq": 1, "max_query_terms": 50, "minimum_should_match": "80%",
                                    "_name": "text"}},
            ],
            "minimum_should_match": 1,
            "must_not": [{"ids": {"values": ["abc"]}}],
        }},
        "sort": SORT_SCORE,
        "size": 5,
    }


def test_build_linked_body_without_contacts_or_text_matches_nothing():
    body = build_linked_body({"id": "x"})
    assert body["query"]["bool"]["should"] == [{"match_none": {}}]


def test_build_recruiter_body():
    assert build_recruiter_body("whatsapp", "+573001112233", size=50) == {
        "query": {"bool": {"filter": [{"term": {"whatsapp": "+573001112233"}}]}},
        "sort": [{"posted_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        "size": 50,
        "track_total_hits": True,
        "aggs": {"source": {"terms": {"field": "source", "size": 50}},
                 "first_seen": {"min": {"field": "first_seen"}},
                 "last_seen": {"max": {"field": "last_seen"}}},
    }
    with pytest.raises(InputError, match="cannot group ads by 'title'"):
        build_recruiter_body("title", "x")

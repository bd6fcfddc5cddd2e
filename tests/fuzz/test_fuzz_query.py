"""Fuzz: the search parser and builder (``index/params.py``, ``index/query.py``) shared by the CLI and the workbench.

Any parameters give either a ``SearchQuery`` or an ``InputError`` (HTTP 400 /
exit 2), never another exception; a parsed query always builds a body the
engine client can send (JSON, UTF-8 encodable, as opensearch-py serialises it).
"""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from anzuelo.errors import InputError
from index.params import SearchQuery, parse_args
from index.query import build_body, build_linked_body, build_recruiter_body
from tests.fixtures.fuzz import nasty_text

KEYS = ["q", "min_score", "max_score", "risk", "sources", "source", "countries", "country", "langs", "lang",
        "indicators", "indicator", "has_phone", "has_whatsapp", "has_telegram", "highlight", "relax", "status",
        "label", "posted_from", "posted_to", "seen_from", "seen_to", "sort", "page", "size", "limit"]
scalars = st.one_of(nasty_text, st.integers(), st.floats(), st.booleans(), st.none(),
                    st.sampled_from(["0.5", "nan", "inf", "-1", "1e3", "٣", "1_0", "true", "high,low", "2024-02-30",
                                     "2024-01-01T10:00:00Z", "9" * 5000, "score", "date", "none", "gone"]))
values = st.one_of(scalars, st.lists(scalars, max_size=4), st.tuples(scalars, scalars))
params = st.dictionaries(st.one_of(st.sampled_from(KEYS), nasty_text), values, max_size=8)


def _sendable(body: dict) -> None:
    json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@given(params, st.booleans())
@example({"q": "\ud800 trabajo"}, False)
@example({"source": ["\udcff"]}, False)
@example({"posted_from": "2024-13-45"}, True)
@example({"page": "9" * 5000}, False)
@example({"q": "foo~2 bar* baz? \"unclosed ((((( +-&&||!"}, True)
def test_fuzz_parse_args_gives_a_query_or_an_input_error(args, strict):
    try:
        q = parse_args(args, strict=strict)
    except InputError as exc:
        assert exc.exit_code == 2 and str(exc)
        return
    assert isinstance(q, SearchQuery)
    assert q.min_score is None or 0.0 <= q.min_score <= 1.0
    for relaxed in (False, True):
        body = build_body(q, relaxed=relaxed)
        _sendable(body)
        assert body["size"] == q.size and body["from"] >= 0


@given(nasty_text)
@example("\"" * 40)
@example("a | b | (c -d) +\"e f\"~3 g~1 h*")
def test_fuzz_free_text_query_builds(text):
    try:
        q = parse_args({"q": text})
    except InputError:
        return
    _sendable(build_body(q))
    _sendable(build_body(q, relaxed=True))


@given(st.dictionaries(st.sampled_from(["id", "phones", "whatsapp", "telegram", "emails", "email_domains",
                                        "domains", "handles", "employer"]),
                       st.one_of(nasty_text, st.lists(nasty_text, max_size=3), st.none()), max_size=6), nasty_text)
def test_fuzz_linked_and_recruiter_bodies(ad, value):
    try:
        build_linked_body(ad)
        build_recruiter_body("phones", value)
    except InputError:
        pass

"""parse_args: CLI and web parameters -> SearchQuery, with clear errors."""

from __future__ import annotations

import pytest

from anzuelo.errors import EXIT_USAGE, InputError
from index.query import SearchQuery, parse_args


def test_parse_args_accepts_singular_plural_lists_and_commas():
    q = parse_args({"q": ["modelo", "viaje"], "source": ["a", "b,c", "a"], "countries": "co,br",
                    "indicator": ("x",), "limit": 5, "has_whatsapp": True, "min_score": 0.25})
    assert q == SearchQuery(q="modelo viaje", sources=["a", "b", "c"], countries=["CO", "BR"], indicators=["x"],
                            size=5, has_whatsapp=True, min_score=0.25)


def test_parse_args_ignores_empty_and_unknown_unless_strict():
    assert parse_args({"q": "", "risk": [], "utm_source": "x", "min_score": None}) == SearchQuery()
    with pytest.raises(InputError, match="unknown search parameter 'utm_source'"):
        parse_args({"utm_source": "x"}, strict=True)


@pytest.mark.parametrize(("args", "message"), [
    ({"risk": "severe"}, "invalid risk: severe"),
    ({"min_score": "high"}, "min_score must be a number"),
    ({"max_score": "1.5"}, "max_score must be between 0.0 and 1.0"),
    ({"min_score": "0.9", "max_score": "0.1"}, "min_score 0.9 is above max_score 0.1"),
    ({"page": "0"}, "page must be between"),
    ({"size": "abc"}, "size must be a whole number"),
    ({"page": "600", "size": "20"}, "beyond the first 10000 hits"),
    ({"has_phone": "maybe"}, "has_phone must be true or false"),
    ({"posted_from": "yesterday"}, "posted_from must be a date"),
    ({"status": "deleted"}, "invalid status: deleted"),
    ({"label": "bad"}, "invalid label: bad"),
    ({"sort": "random"}, "invalid sort: random"),
])
def test_parse_args_errors_name_the_parameter(args, message):
    with pytest.raises(InputError, match=message) as err:
        parse_args(args)
    assert err.value.hint
    assert err.value.exit_code == EXIT_USAGE


def test_parse_args_dates_and_flags():
    q = parse_args({"posted_from": "2024-05-01", "posted_to": "2024-05-31T23:59:59Z", "has_phone": "no",
                    "highlight": "0", "status": "GONE", "label": "none"})
    assert (q.posted_from, q.posted_to, q.has_phone, q.highlight, q.status, q.label) == (
        "2024-05-01", "2024-05-31T23:59:59Z", False, False, "gone", "none")

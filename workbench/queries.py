"""Glue between HTTP query strings and the shared parser/builder in ``index.query``.

The workbench never builds search bodies of its own for the ads search: it
parses with ``index.query.parse_args`` and the index layer builds and runs.
This module only cleans the query string (drops empty fields, so URLs stay
short and bookmarkable) and builds links that change one parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from index.query import SearchQuery, parse_args

#: Facet name in a SearchResult -> query-string parameter that filters on it.
FACET_PARAMS = {
    "risk": "risk",
    "source": "source",
    "sources": "source",
    "country": "country",
    "countries": "country",
    "lang": "lang",
    "langs": "lang",
    "indicators": "indicator",
    "indicator": "indicator",
    "status": "status",
    "label": "label",
}
#: Multi-valued parameters (repeated in the query string).
MULTI = {"risk", "source", "country", "lang", "indicator"}


def search_params(raw: Any) -> dict[str, list[str]]:
    """Non-empty query-string values as ``{name: [values]}`` (accepts QueryParams or a query string)."""
    if isinstance(raw, str):
        pairs = parse_qsl(raw, keep_blank_values=False)
    elif hasattr(raw, "multi_items"):
        pairs = list(raw.multi_items())
    else:
        pairs = [(k, v) for k, vs in dict(raw).items() for v in (vs if isinstance(vs, list) else [vs])]
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        value = str(value).strip()
        if value and key not in ("csrf", "format"):
            out.setdefault(key, []).append(value)
    return out


def parse(params: Mapping[str, list[str]], page_size: int | None = None) -> SearchQuery:
    """The shared parser's SearchQuery for ``params``, with the workbench page size by default."""
    args: dict[str, Any] = {k: (v if k in MULTI else v[-1]) for k, v in params.items()}
    if page_size and "size" not in args:
        args["size"] = str(page_size)
    return parse_args(args)


def params_without(params: Mapping[str, list[str]], **changes: Any) -> str:
    """Query string of ``params`` with ``changes`` applied (None removes, list replaces, str adds).

    Changing any filter resets pagination to page 1.
    """
    out = {k: list(v) for k, v in params.items()}
    if "page" not in changes:
        out.pop("page", None)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, list):
            out[key] = [str(v) for v in value]
        elif key in MULTI:
            values = out.setdefault(key, [])
            if str(value) not in values:
                values.append(str(value))
        else:
            out[key] = [str(value)]
    return urlencode([(k, v) for k, vs in out.items() for v in vs])

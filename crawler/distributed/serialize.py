"""Scrapy requests to JSON and back, for the shared frontier.

``Request.to_dict(spider=...)`` names callbacks by method, so any worker running
the same spider rebuilds them. Bytes (body, headers) are base64-tagged. Pickle is
never used: whoever can write to Redis must not be able to run code in a worker,
and only request classes from Scrapy itself are rebuilt.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

#: Request classes a payload may name (``_class``); anything else is refused.
ALLOWED_CLASSES = ("scrapy.http.",)


class FrontierPayloadError(ValueError):
    """A request that cannot be stored in, or read from, the frontier."""


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {str(_text(k)): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise FrontierPayloadError(f"cannot store a {type(value).__name__} in a shared request")


def _text(key: Any) -> str:
    return key.decode("latin-1") if isinstance(key, bytes) else str(key)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dumps(request: Request, spider: Spider) -> str:
    """JSON text of ``request`` (FrontierPayloadError when its meta is not plain data)."""
    try:
        data = request.to_dict(spider=spider)
    except ValueError as exc:  # a callback that is not a method of the spider
        raise FrontierPayloadError(str(exc)) from None
    return json.dumps(_encode(data), separators=(",", ":"))


def loads(text: str | bytes, spider: Spider) -> Request:
    """The request stored as ``text`` (FrontierPayloadError for a foreign or broken payload)."""
    try:
        data = _decode(json.loads(text))
    except (ValueError, TypeError) as exc:
        raise FrontierPayloadError(f"unreadable request payload: {exc}") from None
    cls = data.get("_class")
    if cls is not None and not str(cls).startswith(ALLOWED_CLASSES):
        raise FrontierPayloadError(f"request class {cls!r} refused (only {ALLOWED_CLASSES} are rebuilt)")
    if "headers" in data:  # to_dict gives {name: [values]}; Headers takes it back as is
        data["headers"] = {k: v for k, v in data["headers"].items()}
    try:
        return request_from_dict(data, spider=spider)
    except (ValueError, TypeError, KeyError) as exc:
        raise FrontierPayloadError(f"request payload not rebuilt: {exc}") from None

"""Downloader middlewares that keep crawls safe: scheme and address filters, retry backoff."""


def refuse(crawler, reason: str, request, detail: str = "") -> None:
    """Count ``anzuelo/refused/<reason>``, log it and raise IgnoreRequest."""
    import logging

    from scrapy.exceptions import IgnoreRequest

    crawler.stats.inc_value(f"anzuelo/refused/{reason}")
    logging.getLogger("crawler.refused").warning("refused %s (%s%s)", request.url, reason, f": {detail}" if detail else "")
    raise IgnoreRequest(f"anzuelo refused {request.url}: {reason} {detail}".strip())

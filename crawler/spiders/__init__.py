"""anzuelo spiders: ``jobposting`` (schema.org JobPosting), ``classifieds`` (selectors or main text), ``feed`` (RSS/Atom),
``telegram`` (public channels' t.me/s previews; ``chatexport`` of ``anzuelo ingest`` lives in ``crawler.ingest``).

Every spider takes validated arguments (``crawler.spiders.params``) and yields
``crawler.items.AdItem``.
"""

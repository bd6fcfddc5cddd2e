"""anzuelo spiders: ``jobposting`` (schema.org JobPosting), ``classifieds`` (selectors or main text), ``feed`` (RSS/Atom).

Every spider takes validated arguments (``crawler.spiders.params``) and yields
``crawler.items.AdItem``.
"""

"""Crawling job ads: Scrapy spiders, items, middlewares, evidence capture and sources.

Spiders (``crawler.spiders``) yield ``crawler.items.AdItem``; the Scrapy settings
module is ``crawler.settings`` (see ``scrapy.cfg``); sources are read by
``crawler.sources``. This package may import ``nlp`` but never ``index``
(indexing happens in the item pipelines).
"""

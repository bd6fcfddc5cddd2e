"""Item pipelines of a crawl: validate -> incremental -> score -> index (-> JSONL output).

Wired by dotted path and order in ``crawler.settings.ITEM_PIPELINES``; each reads
its own ``ANZUELO_*`` Scrapy settings in ``from_crawler`` and raises
``NotConfigured`` when switched off. Every dropped item is counted in stats as
``drop_item/<reason>`` and logged. Stats of anzuelo itself live under
``anzuelo/`` (``anzuelo/ads/new`` ...; see each module).
"""

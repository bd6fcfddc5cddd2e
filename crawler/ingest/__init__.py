"""Where lures circulate besides job boards: chat exports and channel messages as ads.

* ``message``    ``Message`` and ``MessageItem`` (an ``AdItem`` with channel, sender, views ...)
* ``whatsapp``   WhatsApp "Export chat" text (Android, iOS); ``chatdates`` reads its dates
* ``tgexport``   Telegram Desktop ``result.json`` exports
* ``files``      format, chat name, lines and SHA-256 of an export file
* ``spider``     ``chatexport``, the spider ``anzuelo ingest`` runs through the crawl's pipelines
* ``params``     arguments of ``chatexport`` and of the ``telegram`` spider (``crawler.spiders.telegram``)

Listed in ``SPIDER_MODULES`` (``crawler.settings``) so Scrapy finds ``chatexport``.
"""

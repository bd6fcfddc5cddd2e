"""Index layer: one interface over Elasticsearch 9 and OpenSearch 2/3.

Never imports Scrapy or ``nlp``.
"""

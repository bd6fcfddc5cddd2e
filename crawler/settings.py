"""Scrapy settings of every anzuelo crawl (``scrapy.cfg`` points here).

Polite and safe by default: robots.txt obeyed, AutoThrottle on, two requests
at a time per site, a 5 MB ceiling on (decompressed) responses, only http(s),
and no loopback/private/metadata addresses (``ANZUELO_ALLOW_PRIVATE``).
Defaults come from ``anzuelo.settings`` (``CRAWL_*``; environment
``ANZUELO_CRAWL_*`` overrides them because this module is an entry point).

anzuelo's own settings, read by its components in ``from_crawler``:

* ``ANZUELO_STATE_DIR``              crawl state folder (jobs, seen-stores, evidence)
* ``ANZUELO_EVIDENCE_ENABLED``       save WARC evidence of ad responses (False: NotConfigured)
* ``ANZUELO_EVIDENCE_DIR``           evidence folder (default ``<STATE_DIR>/evidence``)
* ``ANZUELO_ALLOWED_SCHEMES``        URL schemes fetched; others refused and counted
* ``ANZUELO_ADDRESS_FILTER_ENABLED`` refuse private addresses (False: NotConfigured)
* ``ANZUELO_ALLOW_PRIVATE``          allow every private address (tests, intranets)
* ``ANZUELO_ALLOWED_PRIVATE_HOSTS``  hosts allowed although private, e.g. ``["127.0.0.1"]``
* ``ANZUELO_RESOLVE_OVERRIDES``      {host: ip} used by the address filter instead of DNS (tests)
* ``ANZUELO_RETRY_BACKOFF``          first retry wait in seconds, doubled per retry
* ``ANZUELO_RETRY_BACKOFF_MAX``      longest retry wait
* ``ANZUELO_MAX_PAGES``              default page limit when a spider gets no ``max_pages``
* ``ANZUELO_FRONTIER_*``             scale-out on Redis (``crawler.distributed``), off while the URL is empty
* ``ANZUELO_STATE_URL``              seen-store on Redis instead of sqlite (set by ``anzuelo worker``)
* ``ANZUELO_SCOPE_DEFAULT``          links followed: ``path`` (seed folder and below), ``host`` or ``domain``
* ``ANZUELO_PAGETYPE_*``             thresholds of the ad / listing / other decision (``crawler.extract.pagetype``)
"""

from __future__ import annotations

import os
from pathlib import Path

from anzuelo import settings as _s

BOT_NAME = "anzuelo"
SPIDER_MODULES = ["crawler.spiders", "crawler.ingest"]  # crawler.ingest: chatexport (`anzuelo ingest`)
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness -------------------------------------------------------------
USER_AGENT = _s.get("CRAWL_USER_AGENT")
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = _s.get("CRAWL_AUTOTHROTTLE_ENABLED")
AUTOTHROTTLE_START_DELAY = _s.get("CRAWL_AUTOTHROTTLE_START_DELAY")
AUTOTHROTTLE_MAX_DELAY = _s.get("CRAWL_AUTOTHROTTLE_MAX_DELAY")
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = _s.get("CRAWL_DOWNLOAD_DELAY")
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = _s.get("CRAWL_CONCURRENT_PER_DOMAIN")
CONCURRENT_ITEMS = _s.get("CRAWL_CONCURRENT_ITEMS")  # see anzuelo.settings: fewer tasks per response
COOKIES_ENABLED = False  # no sessions: we read public ads, never log in
TELNETCONSOLE_ENABLED = False
DEPTH_LIMIT = _s.get("CRAWL_DEPTH_LIMIT")

# --- safety -----------------------------------------------------------------
DOWNLOAD_TIMEOUT = _s.get("CRAWL_DOWNLOAD_TIMEOUT")
# Also applied by HttpCompressionMiddleware to the decompressed size (gzip/brotli bombs).
DOWNLOAD_MAXSIZE = _s.get("CRAWL_DOWNLOAD_MAXSIZE")
DOWNLOAD_WARNSIZE = 1024 * 1024
RETRY_TIMES = _s.get("CRAWL_RETRY_TIMES")
REDIRECT_MAX_TIMES = _s.get("CRAWL_REDIRECT_MAX_TIMES")
# file://, s3://, ftp:// and data: could read local files or reach internal services.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}

DOWNLOADER_MIDDLEWARES = {
    # before OffsiteMiddleware (50) and RobotsTxtMiddleware (100): nothing, not even
    # robots.txt, is fetched from a refused scheme or address
    "crawler.middlewares.schemefilter.SchemeFilterMiddleware": 40,
    "crawler.middlewares.addressfilter.AddressFilterMiddleware": 45,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
}
SPIDER_MIDDLEWARES = {
    "crawler.evidence.EvidenceMiddleware": 950,
}

# --- anzuelo components -----------------------------------------------------
ANZUELO_STATE_DIR = str(Path(os.environ.get("ANZUELO_HOME") or _s.HOME).expanduser() / str(_s.get("CRAWL_STATE_DIR")))
ANZUELO_EVIDENCE_ENABLED = _s.get("CRAWL_EVIDENCE_ENABLED")
ANZUELO_EVIDENCE_DIR = None  # None: <ANZUELO_STATE_DIR>/<CRAWL_EVIDENCE_DIR>
ANZUELO_ALLOWED_SCHEMES = ["http", "https"]
ANZUELO_ADDRESS_FILTER_ENABLED = True
ANZUELO_ALLOW_PRIVATE = _s.get("CRAWL_ALLOW_PRIVATE")
ANZUELO_ALLOWED_PRIVATE_HOSTS = list(_s.CRAWL_ALLOWED_PRIVATE_HOSTS)
ANZUELO_RESOLVE_OVERRIDES: dict[str, str] = {}
ANZUELO_RETRY_BACKOFF = _s.get("CRAWL_RETRY_BACKOFF")
ANZUELO_RETRY_BACKOFF_MAX = _s.get("CRAWL_RETRY_BACKOFF_MAX")
ANZUELO_MAX_PAGES = _s.get("CRAWL_MAX_PAGES")

# --- scale-out (crawler.distributed; every component is off while the URL is empty) -------
# ``anzuelo worker`` sets SCHEDULER to crawler.distributed.scheduler.RedisScheduler and turns
# on the politeness middleware and the index-wait pipeline below; a plain crawl keeps Scrapy's.
ANZUELO_FRONTIER_URL = _s.get("FRONTIER_URL")  # redis://...; "" = single machine
ANZUELO_FRONTIER_PREFIX = _s.get("FRONTIER_PREFIX")
ANZUELO_FRONTIER_LEASE = _s.get("FRONTIER_LEASE")
ANZUELO_FRONTIER_POLL_INTERVAL = _s.get("FRONTIER_POLL_INTERVAL")
ANZUELO_FRONTIER_CLAIM_TTL = _s.get("FRONTIER_CLAIM_TTL")
ANZUELO_FRONTIER_IDLE_EXIT = _s.get("FRONTIER_IDLE_EXIT")
ANZUELO_FRONTIER_SLOT_HOLD = _s.get("FRONTIER_SLOT_HOLD")
ANZUELO_STATE_URL = None  # seen-store on Redis (crawler.state.open_seen_store); workers set it to the frontier's
ANZUELO_WORKER_ID = None  # set by ``anzuelo worker``: owner of its leases' heartbeat and of its claims

# --- crawl scope ------------------------------------------------------------
# Scope of a spider run without a ``scope`` argument (sources get "host" from their model,
# ``anzuelo crawl --url`` passes ANZUELO_SCOPE_URL_DEFAULT): path = the seed's folder and
# below on the seed's host, host = the seed's host (www. or not), domain = its registrable domain.
ANZUELO_SCOPE_DEFAULT = "host"
ANZUELO_SCOPE_URL_DEFAULT = "path"

# --- page type (ad / listing / other) of generic crawls ---------------------
# Points: a listing gets 3 for several JobPostings or a count title ("1.234 ofertas"), 2 for
# pagination, 1 for a category title ("Empleos de X en Y"), 1-2 for repeated cards, 1 when cards hold most words, 1 for many
# id-bearing links of one shape; an ad gets 3 for one rich JobPosting (2 for a thin one), 1-2 for text outside cards
# and links, 1 for one long paragraph, 2 for an apply/reply button. Listing wins with >= 2 points
# and MARGIN more than ad; else ad with >= 2 points (or 1 under a single h1 with no listing
# point and DOMINANT_SHARE of the prose in one block: a short classified); else listing with >= 2
# points; else other. Text after the cards (SEO text) gives no ad point.
ANZUELO_PAGETYPE_MIN_CARDS = 5  # sibling cards (same tag+class, each with a link) that make a card list
ANZUELO_PAGETYPE_CARD_MIN_WORDS = 4  # average words of a card; fewer: a menu, not cards
ANZUELO_PAGETYPE_MANY_CARDS = 10  # ... a long card list (one more point)
ANZUELO_PAGETYPE_SIMILAR_LINKS = 10  # distinct id-bearing links of one URL shape
ANZUELO_PAGETYPE_AD_MIN_WORDS = 30  # words outside cards and links of the shortest ad
ANZUELO_PAGETYPE_AD_LONG_WORDS = 150  # ... of a long ad (one more point)
ANZUELO_PAGETYPE_BLOCK_WORDS = 40  # words in one paragraph that only ads have
ANZUELO_PAGETYPE_LINK_DENSITY_MAX = 0.5  # link words share (outside cards) above which no ad
ANZUELO_PAGETYPE_DOMINANT_SHARE = 0.6  # share of the prose in one block (with its paragraphs) of a short ad
ANZUELO_PAGETYPE_CARD_SHARE = 0.5  # share of words inside cards that marks a listing
ANZUELO_PAGETYPE_THIN_DESCRIPTION_WORDS = 40  # a JobPosting description shorter than this is a card
ANZUELO_PAGETYPE_MARGIN = 1  # listing points must beat ad points by this much


# live progress (a tqdm bar on a TTY, else lines); off unless crawler.run turns it on
EXTENSIONS = {"crawler.progress.CrawlProgress": 600}
ANZUELO_PROGRESS = False

# validate -> skip unchanged ads -> score -> index (crawler/pipelines/; each can switch itself off)
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePipeline": 100,
    "crawler.pipelines.incremental.IncrementalPipeline": 200,
    "crawler.pipelines.score.ScorePipeline": 300,
    "crawler.pipelines.index.IndexPipeline": 800,
}

# --- logging and output -----------------------------------------------------
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

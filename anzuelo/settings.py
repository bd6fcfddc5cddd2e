"""Every anzuelo default, in one place.

Names are grouped by prefix, as in Scrapy's ``default_settings``:

* ``ENGINE_*``   the local OpenSearch node and how to reach a search engine;
* ``INDEX_*``    index names, aliases and bulk-write behaviour;
* ``SCORE_*``    the scorer (batching, model location, risk thresholds);
* ``CRAWL_*``    crawl politeness, safety and incremental state;
* ``INGEST_*``   chat exports read by ``anzuelo ingest``;
* ``DEMO_*``     the bundled offline demo sites;
* ``WEB_*``      the investigators' workbench.

Library code takes these as arguments; entry points (the CLI, the Scrapy
settings module, the web app factory) read them with ``get``. ``ANZUELO_<NAME>``
overrides ``<NAME>``: ``get`` reads the environment at call time, and this
module applies the environment to its own values once, when it is imported, so
a default read as ``settings.NAME`` (a default argument, a component's
fallback) follows the environment too. A value that cannot be converted to the
default's type is listed in ``ENV_ERRORS`` (the CLI exits 2 naming it) and
raises ``InputError`` from ``get``. Lists are comma-separated. Every name is in
``NAMES``; ``tests/cli/test_settings_env.py`` checks that each one reaches the
component that uses it. This module imports nothing from the project at load,
so every package may read it.
"""

from __future__ import annotations

import os
from pathlib import Path

# --- paths -----------------------------------------------------------------
#: Root folder for everything anzuelo keeps between runs (engine data, jars,
#: crawl jobs, evidence captures, dead letters). Override with ANZUELO_HOME.
HOME = Path.home() / ".anzuelo"

# --- ENGINE: the local OpenSearch node --------------------------------------
#: OpenSearch version resolved from Maven Central (2.19.x runs on Java 17).
ENGINE_OPENSEARCH_VERSION = "2.19.6"
#: Host the local node binds to. Never anything but loopback.
ENGINE_HOST = "127.0.0.1"
#: HTTP port of the local node started by ``anzuelo engine start``.
ENGINE_PORT = 9200
#: URL every client uses. Points at the local node by default; set it to an
#: Elasticsearch 9 or OpenSearch 2/3 cluster to use that instead.
ENGINE_URL = f"http://{ENGINE_HOST}:{ENGINE_PORT}"
#: Java heap for the local node. Small: the machine also runs torch.
ENGINE_HEAP = "512m"
#: Seconds ``engine start`` waits for a yellow/green cluster before failing.
ENGINE_START_TIMEOUT = 180
#: Seconds ``mvn dependency:copy-dependencies`` may take on first start.
ENGINE_MAVEN_TIMEOUT = 900

# --- INDEX: names, aliases, bulk --------------------------------------------
#: Prefix of every index anzuelo creates.
INDEX_PREFIX = "anzuelo"
#: Version of the ads mapping; a new mapping means a new index behind the alias.
INDEX_ADS_VERSION = 1
#: Documents per bulk request (and per crawl index batch). 1000 measured best with 2000 close and
#: 250/500 15-25% slower, for anzuelo's writer and a bare helpers.bulk alike (benchmarks/bulk_speed.py).
INDEX_BULK_SIZE = 1000
#: Primary shards of every index anzuelo creates (more only on a multi-node cluster with many ads).
INDEX_SHARDS = 1
#: Replicas: a count ("1") or an auto-expand range ("0-1": none on one node, one once a second exists).
INDEX_REPLICAS = "0-1"
#: Retries of a bulk item rejected with 429 (too many requests).
INDEX_BULK_MAX_RETRIES = 5
#: First backoff in seconds; doubled at every retry.
INDEX_BULK_BACKOFF = 0.5
#: Request timeout in seconds for engine calls.
INDEX_TIMEOUT = 30
#: Folder of the durable spool of documents the engine could not take (down, 429, 503), replayed
#: at the next crawl, schedule tick or `anzuelo spool replay` ("" = HOME/CRAWL_STATE_DIR/spool).
SPOOL_DIR = ""
#: Bytes after which the spool starts a new segment file.
SPOOL_SEGMENT_BYTES = 16 * 1024 * 1024

# --- SCORE: the scorer ------------------------------------------------------
#: Ads per ``score_batch`` call from the crawl pipeline.
SCORE_BATCH_SIZE = 32
#: Seconds the crawl pipeline waits before scoring a partial batch.
SCORE_BATCH_MAX_WAIT = 2.0
#: Model folder; None means the default model shipped inside the ``nlp`` package.
SCORE_MODEL_DIR: str | None = None
#: SQLite file of the embedding cache (vectors by sha256 of encoder recipe + text), so a re-crawl or
#: a rescore never embeds the same text twice ("" = HOME/cache/embeddings.sqlite, "off" = no cache).
SCORE_EMBED_CACHE = ""
#: Folder of the encoders built here from installed weights (ONNX int8 MiniLM, static MiniLM table):
#: derived from packages, not deployment state, so one per machine and user ("" = XDG_CACHE_HOME or
#: ~/.cache, then anzuelo/encoders), shared by every ANZUELO_HOME; each file's sha256 is checked at load.
ENCODER_CACHE = ""
#: Rows (one per text and encoder, 1.5-2 KB each) the embedding cache keeps; the oldest go first.
SCORE_EMBED_CACHE_ROWS = 200_000
#: Model registry folder (``anzuelo models``), under HOME unless absolute: registered versions,
#: the promoted one (loaded when no model folder is given) and the promotion history.
MODELS_DIR = "models"
#: ``models promote`` refuses a version whose PR-AUC at the prevalence is below the promoted one's
#: by more than this (noise of a few hundred test rows), unless ``--force``.
MODELS_PROMOTE_MARGIN = 0.005

# --- CRAWL: politeness, safety, state ---------------------------------------
#: User agent naming anzuelo and where to reach its operators.
CRAWL_USER_AGENT = "anzuelo/0.1 (+https://github.com/anzuelo/anzuelo; research crawler for anti-trafficking investigations)"
#: Concurrent requests per domain (politeness ceiling).
CRAWL_CONCURRENT_PER_DOMAIN = 2
#: Outputs of one response processed in parallel (Scrapy's CONCURRENT_ITEMS).
#: Under the asyncio reactor Scrapy starts this many worker tasks for every
#: response; our pages yield at most a page of links or one ad, so Scrapy's
#: default of 100 only buys task churn (the largest cost per page in profiles).
CRAWL_CONCURRENT_ITEMS = 16
#: Seconds before a download is abandoned.
CRAWL_DOWNLOAD_TIMEOUT = 30
#: Bytes (compressed or decompressed) above which a response is dropped.
CRAWL_DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
#: Retries of a failed request.
CRAWL_RETRY_TIMES = 2
#: Allow crawling loopback/private addresses (only the demo and tests need it).
CRAWL_ALLOW_PRIVATE = False
#: Default page limit of a one-off ``crawl --url`` run (0 = no limit).
CRAWL_MAX_PAGES = 0
#: Where crawl jobs, seen-stores and evidence captures are kept (under HOME).
CRAWL_STATE_DIR = "crawl"
#: Sources file under HOME, the last place looked at when ``--sources`` is not given
#: (after ``SOURCES`` and ./sources.toml; see crawler/sourcefile.py).
CRAWL_SOURCES_FILE = "sources.toml"
#: Sources file to use when ``--sources`` is not given (``ANZUELO_SOURCES``); None: look
#: for ./sources.toml, then HOME/CRAWL_SOURCES_FILE.
SOURCES: str | None = None
#: Hosts (names or IP literals, matched exactly) allowed even though they resolve to
#: loopback/private addresses, e.g. ["127.0.0.1"] for the demo sites.
CRAWL_ALLOWED_PRIVATE_HOSTS: tuple[str, ...] = ()
#: Seconds between requests to one site (AutoThrottle only ever raises it).
CRAWL_DOWNLOAD_DELAY = 0.5
#: Adapt the delay to each site's latency (Scrapy's AutoThrottle). Off only for benchmarks
#: on one's own loopback sites (benchmarks/growth.py): never against real sites.
CRAWL_AUTOTHROTTLE_ENABLED = True
#: First AutoThrottle delay in seconds, before latencies are known.
CRAWL_AUTOTHROTTLE_START_DELAY = 1.0
#: Highest AutoThrottle delay in seconds for a slow site.
CRAWL_AUTOTHROTTLE_MAX_DELAY = 30.0
#: First retry waits this many seconds, doubled at every further retry.
CRAWL_RETRY_BACKOFF = 1.0
#: Longest wait in seconds between retries.
CRAWL_RETRY_BACKOFF_MAX = 30.0
#: Redirects followed per request (each hop passes the address filter again).
CRAWL_REDIRECT_MAX_TIMES = 5
#: Link depth limit of followed links (0 = none: pagination chains are deep; max_pages bounds crawls).
CRAWL_DEPTH_LIMIT = 0
#: Save every response that yields an ad as a WARC record (evidence for investigators).
CRAWL_EVIDENCE_ENABLED = True
#: Evidence folder under the crawl state dir (HOME/CRAWL_STATE_DIR/CRAWL_EVIDENCE_DIR).
CRAWL_EVIDENCE_DIR = "evidence"

# --- DEMO: bundled sites ----------------------------------------------------
#: Port of the demo job board; the classifieds site uses the next port.
DEMO_PORT = 8765
#: Listen backlog of the demo server (http.server queues only 5).
DEMO_BACKLOG = 1024

# --- WEB: the workbench -----------------------------------------------------
#: Address ``anzuelo serve`` binds to.
WEB_HOST = "127.0.0.1"
#: Port ``anzuelo serve`` listens on.
WEB_PORT = 8000
#: Hits per result page.
WEB_PAGE_SIZE = 20
#: Most rows a CSV/JSON export streams.
WEB_EXPORT_MAX_ROWS = 10_000
#: Session lifetime in seconds.
WEB_SESSION_MAX_AGE = 8 * 3600
#: File under HOME holding the secret that signs session cookies (created on first serve).
WEB_SECRET_FILE = "workbench-secret"
#: Send session cookies only over HTTPS (set true behind a TLS proxy).
WEB_COOKIE_SECURE = False
#: Seconds the workbench may reuse a user lookup (role, disabled) instead of asking the engine
#: on every request; a user disabled from the CLI loses their session within this time.
WEB_USER_CACHE_TTL = 5.0
#: Linked ads shown on an ad page.
WEB_LINKED_MAX = 50
#: Contacts listed in the recruiter index.
WEB_TOP_CONTACTS = 50
#: Most nodes (ads, contacts, domains) a network view draws and exports; the page says how many ads were left out.
WEB_NETWORK_MAX_NODES = 200
#: Failed logins of one account (or from one address) allowed before it is locked.
WEB_LOGIN_FREE_FAILURES = 5
#: First lockout in seconds after WEB_LOGIN_FREE_FAILURES; doubled at every further failure.
WEB_LOGIN_LOCKOUT = 2.0
#: Longest lockout in seconds (the doubling stops here).
WEB_LOGIN_LOCKOUT_MAX = 900.0
#: Seconds without a failure after which an account's or address's failures are forgotten.
WEB_LOGIN_FAILURE_WINDOW = 3600.0
#: Password checks (argon2, 64 MiB each) run at once; more login attempts get 429 + Retry-After.
WEB_LOGIN_CONCURRENCY = 4
#: Accounts and addresses the login throttle remembers (oldest forgotten first: bounded memory).
WEB_LOGIN_TRACKED = 10_000
#: Times a label save is retried when the ad changed between read and write (optimistic concurrency).
WEB_LABEL_RETRIES = 50
#: Send Strict-Transport-Security (also sent on any request that arrived over https).
WEB_HSTS = False
#: Evidence store the workbench serves captures from ("" = HOME/CRAWL_STATE_DIR/CRAWL_EVIDENCE_DIR).
WEB_EVIDENCE_DIR = ""
#: Longest free-text query in characters; longer ones get 400 before reaching the engine.
SEARCH_MAX_QUERY_CHARS = 500
#: Most words (runs of letters and digits) in a free-text query: each is matched in 12 fields and
#: the engine allows 1024 clauses in all.
SEARCH_MAX_QUERY_TERMS = 32
#: Most fuzzy (~) or prefix (*) terms in a free-text query (each may expand to many index terms per field).
SEARCH_MAX_EXPANDING_TERMS = 2
#: Most values of one list filter (source, country, indicator...).
SEARCH_MAX_FILTER_VALUES = 100
#: When an all-words search finds fewer ads than this, the best any-words matches are returned
#: instead, ranked by relevance and flagged ``relaxed`` (0 = never relax).
SEARCH_RELAX_BELOW = 3
#: Solr-format synonyms file applied to search queries ("" = the bundled index/synonyms.txt).
SEARCH_SYNONYMS_FILE = ""
#: SMTP relay used by ``anzuelo alerts --email`` (empty host = e-mail disabled).
WEB_SMTP_HOST = ""
#: SMTP port (25 plain, 587 STARTTLS when WEB_SMTP_STARTTLS is true).
WEB_SMTP_PORT = 25
#: SMTP login user (empty = no login).
WEB_SMTP_USER = ""
#: SMTP login password.
WEB_SMTP_PASSWORD = ""
#: Sender address of alert e-mails.
WEB_SMTP_FROM = "anzuelo@localhost"
#: Upgrade the SMTP connection with STARTTLS before logging in.
WEB_SMTP_STARTTLS = False


def get(name: str, default: object | None = None) -> object:
    """Return setting ``name``, overridden by env var ``ANZUELO_<name>`` if set.

    For entry points only. The value from the environment is converted to the
    type of the default (int, float, bool, Path), so ``ANZUELO_ENGINE_PORT=9300``
    yields an int.
    """
    base = globals().get(name, default)
    raw = os.environ.get(f"ANZUELO_{name}")
    if raw is None:
        return base
    try:
        return _convert(raw, _DEFAULTS.get(name, base))
    except ValueError as exc:
        from anzuelo.errors import InputError  # lazy: this module imports nothing from the project at load

        raise InputError(f"ANZUELO_{name}={raw!r}: {exc}", f"unset it or give a valid value (default: {base!r})") from None


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _convert(raw: str, base: object) -> object:
    """``raw`` (an environment value) as the type of the default ``base`` (ValueError when it is not)."""
    if isinstance(base, bool):
        low = raw.strip().lower()
        if low not in _TRUE | _FALSE:
            raise ValueError("not a boolean (use true/false, 1/0, yes/no, on/off)")
        return low in _TRUE
    if isinstance(base, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError("not an integer") from None
    if isinstance(base, float):
        try:
            return float(raw)
        except ValueError:
            raise ValueError("not a number") from None
    if isinstance(base, Path):
        return Path(raw).expanduser()
    if isinstance(base, tuple):  # lists are comma-separated: ANZUELO_CRAWL_ALLOWED_PRIVATE_HOSTS=127.0.0.1,::1
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def home() -> Path:
    """The anzuelo home folder (``ANZUELO_HOME`` or ``~/.anzuelo``), created."""
    path = Path(os.environ.get("ANZUELO_HOME") or HOME).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def engine_url() -> str:
    """The engine URL: ``ANZUELO_ENGINE_URL``, else the local node's host and port.

    The port comes from ``ANZUELO_ENGINE_PORT`` when set, so a node started on
    another port is the one every command talks to.
    """
    explicit = os.environ.get("ANZUELO_ENGINE_URL")
    if explicit:
        return explicit
    return f"http://{get('ENGINE_HOST')}:{get('ENGINE_PORT')}"

# --- CRAWL pipelines, runs and schedule (crawler.pipelines, crawler.run) -----
#: Score ads during a crawl (``--no-score`` sets it False: ads indexed unscored).
SCORE_ENABLED = True
#: Write ads to the engine during a crawl (``--no-index`` sets it False).
INDEX_ENABLED = True
#: Seconds the index pipeline waits before sending a partial bulk (counted from its oldest ad). A scored
#: ad is searchable within about this + two bulk writes + the engine's 1 s refresh (crawler.pipelines.index).
INDEX_FLUSH_WAIT = 5.0
#: Folder (under the crawl state dir) holding one Scrapy JOBDIR per source.
CRAWL_JOBS_DIR = "jobs"
#: Seconds between progress lines of a running crawl (stderr not a terminal).
CRAWL_PROGRESS_INTERVAL = 5.0
#: Seconds between redraws of a crawl's progress bar (stderr is a terminal).
CRAWL_PROGRESS_BAR_INTERVAL = 0.5
#: Small index kind holding one document per crawl run (``anzuelo runs``).
CRAWL_RUNS_KIND = "crawl-runs"

# --- INGEST: chat exports read by ``anzuelo ingest`` (crawler.ingest) --------
#: Messages with fewer letters and digits than this are chit-chat ("ok", "gracias", emoji): skipped, counted.
INGEST_MIN_CHARS = 12
#: Order of WhatsApp export dates: auto (read from the file), dmy, mdy or ymd.
INGEST_DATE_ORDER = "auto"

# --- RESCORE: copying the index into a re-scored version (anzuelo rescore, index.rescore) ---
#: Folder under HOME holding each rescore's plan and per-slice checkpoints (resume after a kill).
RESCORE_STATE_DIR = "rescore"
#: How long the point in time of a rescore lives after its last page (engine time units).
RESCORE_PIT_KEEP_ALIVE = "30m"
#: Old ads index versions kept for ``anzuelo rescore --rollback`` after a swap.
RESCORE_KEEP = 2
#: Catch-up rounds (copy what changed since the point in time) before counts must match.
RESCORE_CATCHUP_ROUNDS = 3
#: Seconds waited after the alias swap before late writes to the old index are carried over.
RESCORE_GRACE = 1.0

# --- QUEUE and DRIFT: what to label next, score drift per source (anzuelo queue, anzuelo drift) --
#: Unlabelled ads closest to the threshold that the label queue groups into near-duplicates.
QUEUE_POOL = 1000
#: Width of a drift window (``7d``, ``24h``): the latest window is compared with the one before.
DRIFT_WINDOW = "7d"
#: Population stability index of a source's score histogram above which the source is flagged.
DRIFT_PSI_THRESHOLD = 0.2
#: Change (absolute, as a share of ads) of one indicator's rate between windows that flags a source.
DRIFT_RATE_CHANGE = 0.15
#: Fewest ads a source needs in each of the two windows before it can be flagged.
DRIFT_MIN_ADS = 20


# --- FRONTIER: scale-out on Redis (crawler.distributed; off while FRONTIER_URL is empty) --
#: Redis of the shared crawl frontier, seen-store, per-site politeness and schedule lock,
#: e.g. redis://10.0.0.5:6379/0; "" = everything on this machine (the default).
FRONTIER_URL = ""
#: Prefix of every Redis key anzuelo writes (several deployments may share one Redis).
FRONTIER_PREFIX = "anzuelo"
#: Seconds a worker holds a request before it returns to the queue (renewed while the worker
#: lives; a worker killed with SIGKILL gives its requests back after at most this long).
FRONTIER_LEASE = 60.0
#: Seconds between a worker's frontier checks (new requests, renewals, seeding, run end).
FRONTIER_POLL_INTERVAL = 0.5
#: Seconds a worker's claim on an ad version (url + content hash) blocks other workers.
FRONTIER_CLAIM_TTL = 3600
#: Seconds of an empty frontier after which ``anzuelo worker`` exits (0 = run until stopped).
FRONTIER_IDLE_EXIT = 0.0
#: Longest seconds one request holds a cluster-wide site slot (a dead worker's slot frees then).
FRONTIER_SLOT_HOLD = 120.0
#: ``anzuelo crawl SOURCE`` and ``anzuelo schedule`` queue seeds for the workers instead of
#: crawling in-process (as ``crawl --distributed``); needs FRONTIER_URL.
CRAWL_DISTRIBUTED = False
#: Seconds a scheduler holds a cron slot's lock before another scheduler may take the slot over.
SCHEDULE_LOCK_TTL = 60.0

# --- environment overrides (keep this block last) ------------------------------
def _apply_environment() -> list[str]:
    """Give every setting above its ``ANZUELO_<NAME>`` value, so code reading ``settings.NAME``
    (a default argument, a Scrapy settings module) gets it too; returns the invalid ones."""
    problems = []
    for name in NAMES:
        raw = os.environ.get(f"ANZUELO_{name}")
        if raw is not None:
            try:
                globals()[name] = _convert(raw, _DEFAULTS[name])
            except ValueError as exc:  # the default stays; entry points report it (exit 2)
                problems.append(f"ANZUELO_{name}={raw!r}: {exc}")
    return problems


#: Every documented setting (each is overridden by ``ANZUELO_<NAME>``).
NAMES = tuple(n for n in list(globals()) if n.isupper() and not n.startswith("_"))
_DEFAULTS = {n: globals()[n] for n in NAMES}
#: ``ANZUELO_<NAME>`` values that could not be read (the default was kept); the CLI exits 2 on them.
ENV_ERRORS = _apply_environment()

"""Run in a subprocess by ``test_settings_env``: build each component through its real entry path
(the CLI's crawl options and Scrapy settings, the pipelines' ``from_crawler``, the engine, serve,
alerts and ingest commands) and print, as JSON, the value each setting reached.

Usage: ``python -m tests.cli.settings_probe NAME...`` with the ``ANZUELO_<NAME>`` variables set.
Commands whose last step needs a server or an engine are run with that step replaced by a
recorder (``uvicorn.run``, the SMTP sender, ``run_crawls``); everything before it is the real code.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "channels" / "whatsapp" / "WhatsApp Chat with Jobs Abroad Group.txt"


def _layout() -> dict[str, Any]:
    """Shards and replicas as the body of a new ads index (the code the engine's PUT sends) has them."""
    from index.mapping import ads_index_body

    body = ads_index_body(1)["settings"]["index"]
    return {"INDEX_SHARDS": body["number_of_shards"],
            "INDEX_REPLICAS": body.get("number_of_replicas", body.get("auto_expand_replicas"))}


class Stop(Exception):
    """Raised by a recorder to end a command once its settings were seen."""


def _crawl() -> tuple[Any, Any]:
    """(CrawlOptions, Scrapy crawler) exactly as ``anzuelo crawl --url`` builds them."""
    from anzuelo.cli.crawl import crawl_options
    from crawler.jobs import CrawlJob
    from crawler.run import crawl_settings, project_settings

    opts = crawl_options(None, False, False, None, True, False)
    settings = project_settings()
    job = CrawlJob(source="probe", spider="jobposting", spider_args={"url": "https://jobs.example.org/"})
    settings.setdict(crawl_settings(job, opts, "2026-01-01T00:00:00Z"), priority="cmdline")
    return opts, get_crawler(settings_dict=settings.copy_to_dict())


def _component(make) -> Any:
    try:
        return make()
    except NotConfigured:
        return None


def _limit(args: dict[str, str]) -> int | None:
    """The limit named by ``index.params.parse_args`` when it refuses ``args`` ("at most N")."""
    import re

    from anzuelo.errors import InputError
    from index.params import parse_args

    try:
        parse_args(args)
    except InputError as exc:
        found = re.search(r"at most (\d+)", str(exc))
        return int(found.group(1)) if found else None
    return None


def _invoke(args: list[str], patches: list[tuple[Any, str, Any]]) -> None:
    from anzuelo.cli import main

    for obj, name, value in patches:
        setattr(obj, name, value)
    try:
        main(args)
    except Stop:
        pass


def _rescore() -> dict[str, Any]:
    """RESCORE_* as ``anzuelo rescore`` reads them (its options object, built before any engine call)."""
    from anzuelo.cli.rescore import rescore_options

    o = rescore_options()
    return {"RESCORE_STATE_DIR": o.state_dir.name, "RESCORE_PIT_KEEP_ALIVE": o.keep_alive, "RESCORE_KEEP": o.keep,
            "RESCORE_CATCHUP_ROUNDS": o.rounds, "RESCORE_GRACE": o.grace}


def _frontier(names: list[str]) -> dict[str, Any]:
    """FRONTIER_*, CRAWL_DISTRIBUTED and SCHEDULE_LOCK_TTL in the components of a worker (built with the
    settings ``anzuelo worker`` gives its crawlers) and of ``anzuelo schedule`` (Redis is never contacted)."""
    if "FRONTIER_URL" not in names:
        return {}
    from anzuelo.cli.crawl import crawl_options
    from anzuelo.cli.schedule import _cluster
    from anzuelo.cli.worker import frontier_url
    from crawler.distributed.politeness import ClusterPolitenessMiddleware
    from crawler.distributed.scheduler import RedisScheduler
    from crawler.distributed.worker import worker_settings
    from crawler.jobs import CrawlJob
    from crawler.run import project_settings
    from crawler.state import open_seen_store

    opts = crawl_options(None, False, False, None, True, False)
    base = project_settings()
    job = CrawlJob(source="probe", spider="jobposting", spider_args={"url": "https://jobs.example.org/"})
    base.setdict(worker_settings(job, opts, frontier_url(), base), priority="cmdline")
    crawler = get_crawler(settings_dict=base.copy_to_dict())
    sched = RedisScheduler.from_crawler(crawler)
    polite = ClusterPolitenessMiddleware.from_crawler(crawler)
    store = open_seen_store(crawler.settings, opts.state_dir)
    conn = sched.frontier.client.connection_pool.connection_kwargs
    cluster = _cluster()
    return {"FRONTIER_URL": f"redis://{conn['host']}:{conn['port']}/{conn['db']}",
            "FRONTIER_PREFIX": sched.frontier.k["queue"].split(":")[0], "FRONTIER_LEASE": sched.lease_ms / 1000,
            "FRONTIER_POLL_INTERVAL": sched.poll, "FRONTIER_IDLE_EXIT": sched.idle_exit,
            "FRONTIER_SLOT_HOLD": polite.semaphore.hold_ms / 1000, "FRONTIER_CLAIM_TTL": store.claim_ttl,
            "CRAWL_DISTRIBUTED": cluster.get("distributed"), "SCHEDULE_LOCK_TTL": cluster["slot_lock"].ttl_ms / 1000}


def _models() -> dict[str, Any]:
    """MODELS_* as ``anzuelo models`` and the scorer's model resolution read them."""
    from anzuelo.cli.models import models_settings
    from nlp.model.registry import Registry

    o = models_settings()
    assert Registry().root == o["root"]  # the registry the scorer resolves the promoted model in
    return {"MODELS_DIR": str(o["root"]), "MODELS_PROMOTE_MARGIN": o["margin"]}


def _embed_cache() -> dict[str, Any]:
    """SCORE_EMBED_CACHE* as the model's encoders get them (``nlp.model.runtime`` wraps each encoder)."""
    from nlp.model import runtime

    class Probe:  # any encoder: only its dim is read when wrapping
        dim = 4

    cache = runtime._cached(Probe(), "probe", None).cache
    from nlp.model import onnx_encoder, static_encoder

    built = {str(onnx_encoder.default_cache_dir()), str(static_encoder.default_cache_dir())}
    assert len(built) == 1  # both built encoders read the one setting
    return {"SCORE_EMBED_CACHE": str(cache.path), "SCORE_EMBED_CACHE_ROWS": cache.max_rows,
            "ENCODER_CACHE": built.pop()}


def _queue_drift() -> dict[str, Any]:
    """QUEUE_* as ``anzuelo queue`` and the workbench's queue read them, DRIFT_* as ``anzuelo drift`` and crawls do."""
    from anzuelo.cli.drift import drift_settings
    from anzuelo.cli.queue import queue_settings

    d = drift_settings()
    return {"QUEUE_POOL": queue_settings()["pool"], "DRIFT_WINDOW": d["window"].total_seconds(),
            "DRIFT_PSI_THRESHOLD": d["psi_threshold"], "DRIFT_RATE_CHANGE": d["rate_change"],
            "DRIFT_MIN_ADS": d["min_ads"]}


def observe(names: list[str]) -> dict[str, Any]:
    from anzuelo.cli.engine import _engine
    from anzuelo.cli.sources import home_sources, sources_path
    from crawler.evidence import EvidenceMiddleware
    from crawler.pipelines.engine import index_options
    from crawler.pipelines.index import IndexPipeline
    from crawler.pipelines.score import ScorePipeline
    from crawler.progress import CrawlProgress

    opts, scrapy_crawler = _crawl()
    s = scrapy_crawler.settings
    node = _engine(None)
    index = index_options(scrapy_crawler)
    score = _component(lambda: ScorePipeline.from_crawler(scrapy_crawler))
    indexer = _component(lambda: IndexPipeline.from_crawler(scrapy_crawler))
    evidence = _component(lambda: EvidenceMiddleware.from_crawler(scrapy_crawler))
    tty = SimpleNamespace(isatty=lambda: True, write=lambda *_: None, flush=lambda: None)

    web: dict[str, Any] = {}
    if any(n.startswith("WEB_") for n in names):
        import uvicorn

        import workbench
        import workbench.alerts
        import workbench.backend
        import workbench.security

        backend = SimpleNamespace(url="http://engine.example")
        _invoke(["serve"], [
            (workbench.backend, "open_backend", lambda url: backend),
            (workbench.security, "load_secret", lambda home, name: web.update(secret_file=name) or "s" * 32),
            (workbench, "create_app", lambda backend, **kw: web.update(kw, **vars(kw["login_policy"])) or object()),
            (uvicorn, "run", lambda app, host, port, **kw: web.update(host=host, port=port)),
        ])
        _invoke(["alerts", "--email", "--dry-run"], [
            (workbench.alerts, "collect", lambda backend, since, user: []),
            (workbench.alerts, "Smtp", lambda **kw: web.update(smtp=kw) or SimpleNamespace(**kw)),
            (workbench.alerts, "send", lambda backend, reports, smtp, to, base_url: web.update(base_url=base_url) or (0, [])),
        ])
    ingest: dict[str, Any] = {}
    if any(n.startswith("INGEST_") for n in names):
        import crawler.ingest.files as files
        import crawler.run

        real = files.read_export

        def record_order(path, chat=None, date_order="auto"):
            ingest["date_order"] = date_order
            return real(path, chat, "auto")

        def record_job(jobs, options):
            ingest["min_chars"] = jobs[0].spider_args["min_chars"]
            raise Stop

        _invoke(["ingest", str(FIXTURE), "--no-index", "--output", str(Path(opts.state_dir) / "x.jsonl")],
                [(files, "read_export", record_order), (crawler.run, "run_crawls", record_job)])

    import crawler.runs
    import demo.server
    from crawler.sources import default_variables

    seen = {
        "HOME": str(opts.state_dir.parent),
        "ENGINE_OPENSEARCH_VERSION": node.version, "ENGINE_HOST": node.url.split("//")[1].split(":")[0],
        "ENGINE_PORT": node.port, "ENGINE_URL": opts.engine_url, "ENGINE_HEAP": node.heap,
        "ENGINE_START_TIMEOUT": node.start_timeout, "ENGINE_MAVEN_TIMEOUT": node.maven_timeout,
        "INDEX_PREFIX": index["prefix"], "INDEX_ADS_VERSION": index["ads_version"], "INDEX_BULK_SIZE": index["bulk_size"],
        "INDEX_BULK_MAX_RETRIES": index["max_retries"], "INDEX_BULK_BACKOFF": index["backoff"],
        "INDEX_TIMEOUT": index["timeout"], "INDEX_ENABLED": indexer is not None,
        **_layout(),
        "INDEX_FLUSH_WAIT": indexer.batcher.max_wait if indexer else None,
        "SPOOL_DIR": str(indexer.spool.folder) if indexer else None,
        "SPOOL_SEGMENT_BYTES": indexer.spool.segment_bytes if indexer else None,
        "SCORE_ENABLED": score is not None, "SCORE_BATCH_SIZE": score.batcher.size if score else None,
        "SCORE_BATCH_MAX_WAIT": score.batcher.max_wait if score else None,
        "SCORE_MODEL_DIR": score.model_dir if score else None,
        **_models(), **_embed_cache(),
        "CRAWL_USER_AGENT": s.get("USER_AGENT"), "CRAWL_CONCURRENT_PER_DOMAIN": s.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        "CRAWL_CONCURRENT_ITEMS": s.getint("CONCURRENT_ITEMS"), "CRAWL_DOWNLOAD_TIMEOUT": s.getint("DOWNLOAD_TIMEOUT"),
        "CRAWL_DOWNLOAD_MAXSIZE": s.getint("DOWNLOAD_MAXSIZE"), "CRAWL_RETRY_TIMES": s.getint("RETRY_TIMES"),
        "CRAWL_ALLOW_PRIVATE": s.getbool("ANZUELO_ALLOW_PRIVATE"), "CRAWL_MAX_PAGES": s.getint("ANZUELO_MAX_PAGES"),
        "CRAWL_STATE_DIR": Path(s.get("ANZUELO_STATE_DIR")).name, "CRAWL_SOURCES_FILE": home_sources().name,
        "SOURCES": str(sources_path(None)) if "SOURCES" in names else None,
        "CRAWL_ALLOWED_PRIVATE_HOSTS": s.getlist("ANZUELO_ALLOWED_PRIVATE_HOSTS"),
        "CRAWL_DOWNLOAD_DELAY": s.getfloat("DOWNLOAD_DELAY"),
        "CRAWL_AUTOTHROTTLE_ENABLED": s.getbool("AUTOTHROTTLE_ENABLED"),
        "CRAWL_AUTOTHROTTLE_START_DELAY": s.getfloat("AUTOTHROTTLE_START_DELAY"),
        "CRAWL_AUTOTHROTTLE_MAX_DELAY": s.getfloat("AUTOTHROTTLE_MAX_DELAY"),
        "CRAWL_RETRY_BACKOFF": s.getfloat("ANZUELO_RETRY_BACKOFF"), "CRAWL_RETRY_BACKOFF_MAX": s.getfloat("ANZUELO_RETRY_BACKOFF_MAX"),
        "CRAWL_REDIRECT_MAX_TIMES": s.getint("REDIRECT_MAX_TIMES"), "CRAWL_DEPTH_LIMIT": s.getint("DEPTH_LIMIT"),
        "CRAWL_EVIDENCE_ENABLED": evidence is not None,
        "CRAWL_EVIDENCE_DIR": evidence.folder.name if evidence else None,
        "CRAWL_JOBS_DIR": Path(s.get("JOBDIR")).parent.name,
        "CRAWL_PROGRESS_INTERVAL": CrawlProgress.from_crawler(scrapy_crawler).interval,
        "CRAWL_PROGRESS_BAR_INTERVAL": CrawlProgress(scrapy_crawler, "probe", 5.0, 0, 0, stream=tty).interval,
        "CRAWL_RUNS_KIND": crawler.runs.KIND,
        "DEMO_PORT": int(default_variables()["jobs"].rsplit(":", 1)[1]),
        "DEMO_BACKLOG": demo.server.SiteServer.request_queue_size,
        "WEB_HOST": web.get("host"), "WEB_PORT": web.get("port"), "WEB_PAGE_SIZE": web.get("page_size"),
        "WEB_EXPORT_MAX_ROWS": web.get("export_max_rows"), "WEB_SESSION_MAX_AGE": web.get("session_max_age"),
        "WEB_SECRET_FILE": web.get("secret_file"), "WEB_COOKIE_SECURE": web.get("cookie_secure"),
        "WEB_USER_CACHE_TTL": web.get("user_cache_ttl"), "WEB_LINKED_MAX": web.get("linked_max"),
        "WEB_TOP_CONTACTS": web.get("top_contacts"), "WEB_NETWORK_MAX_NODES": web.get("network_max_nodes"),
        **{f"WEB_SMTP_{k.upper()}": v for k, v in web.get("smtp", {}).items() if k != "sender"},
        "WEB_SMTP_FROM": web.get("smtp", {}).get("sender"),
        "INGEST_MIN_CHARS": ingest.get("min_chars"), "INGEST_DATE_ORDER": ingest.get("date_order"),
        "WEB_LOGIN_FREE_FAILURES": web.get("free_failures"), "WEB_LOGIN_LOCKOUT": web.get("lockout"),
        "WEB_LOGIN_LOCKOUT_MAX": web.get("lockout_max"), "WEB_LOGIN_FAILURE_WINDOW": web.get("window"),
        "WEB_LOGIN_CONCURRENCY": web.get("concurrency"), "WEB_LOGIN_TRACKED": web.get("tracked"),
        "WEB_EVIDENCE_DIR": str(web.get("evidence_dir")), "WEB_HSTS": web.get("hsts"),
        "WEB_LABEL_RETRIES": web.get("label_retries"),
        # the search parser the CLI and the workbench share: the limit its refusal names
        "SEARCH_MAX_QUERY_CHARS": _limit({"q": "a" * 20000}),
        "SEARCH_MAX_EXPANDING_TERMS": _limit({"q": " ".join(["ab*"] * 60)}),
        "SEARCH_MAX_QUERY_TERMS": _limit({"q": " ".join(["ab"] * 900)}),
        "SEARCH_MAX_FILTER_VALUES": _limit({"countries": ",".join(f"C{i}" for i in range(900))}),
        "SEARCH_RELAX_BELOW": __import__("index.params").params.parse_args({"q": "x"}).relax_below,
        "SEARCH_SYNONYMS_FILE": str(__import__("index.synonyms").synonyms.synonyms_file()),
        **_rescore(),
        **_frontier(names),
        **_queue_drift(),
    }
    return {name: seen.get(name, "<not observed>") for name in names}


if __name__ == "__main__":
    from scrapy.utils.reactor import install_reactor

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")  # as a crawl process has
    sys.stdout = io.StringIO()  # commands print; only the JSON below is the answer
    result = observe(sys.argv[1:])
    sys.stdout = sys.__stdout__
    print(json.dumps(result, default=str))

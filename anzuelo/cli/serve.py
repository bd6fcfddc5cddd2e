"""``anzuelo serve``: the investigators' workbench (web pages + JSON API)."""

from __future__ import annotations

from pathlib import Path

import click

from anzuelo import settings


@click.command()
@click.option("--host", default=None, help="Address to bind [default: WEB_HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port to listen on [default: WEB_PORT, 8000].")
@click.option("--engine-url", default=None, help="Search engine URL [default: ENGINE_URL].")
def serve(host: str | None, port: int | None, engine_url: str | None) -> None:
    """Serve the workbench: search, link, label and export hits in a browser.

    \b
    Log in with a user made by `anzuelo users add NAME --role admin`.
    Sessions are signed with a secret kept in ANZUELO_HOME/workbench-secret.
    Behind a TLS proxy set ANZUELO_WEB_COOKIE_SECURE=true (also sends HSTS).
    Captures are served from the evidence store (ANZUELO_WEB_EVIDENCE_DIR,
    default ANZUELO_HOME/crawl/evidence), found by content hash only.
    Failed logins lock an account or address (WEB_LOGIN_* settings).
    """
    import uvicorn

    app, backend = build_app(engine_url)
    host = host or str(settings.get("WEB_HOST"))
    port = port or int(settings.get("WEB_PORT"))
    click.echo(f"workbench on http://{host}:{port}/  (engine {backend.url})", err=True)
    uvicorn.run(app, **uvicorn_options(host, port))


def uvicorn_options(host: str, port: int) -> dict:
    """Options of the server: no ``Server: uvicorn`` header (it names the software to attack)."""
    return {"host": host, "port": port, "log_level": "info", "proxy_headers": False, "server_header": False}


def evidence_dir() -> Path:
    """The evidence store captures are served from: WEB_EVIDENCE_DIR, else where crawls write them."""
    explicit = str(settings.get("WEB_EVIDENCE_DIR") or "")
    if explicit:
        return Path(explicit).expanduser()
    return settings.home() / str(settings.get("CRAWL_STATE_DIR")) / str(settings.get("CRAWL_EVIDENCE_DIR"))


def build_app(engine_url: str | None):
    """(app, backend) configured from the settings, as ``anzuelo serve`` runs it."""
    from workbench import create_app
    from workbench.backend import open_backend
    from workbench.security import load_secret
    from workbench.throttle import LoginPolicy

    backend = open_backend(engine_url or settings.engine_url())
    policy = LoginPolicy(
        free_failures=int(settings.get("WEB_LOGIN_FREE_FAILURES")),
        lockout=float(settings.get("WEB_LOGIN_LOCKOUT")),
        lockout_max=float(settings.get("WEB_LOGIN_LOCKOUT_MAX")),
        window=float(settings.get("WEB_LOGIN_FAILURE_WINDOW")),
        concurrency=int(settings.get("WEB_LOGIN_CONCURRENCY")),
        tracked=int(settings.get("WEB_LOGIN_TRACKED")),
    )
    app = create_app(
        backend,
        secret=load_secret(settings.home(), str(settings.get("WEB_SECRET_FILE"))),
        page_size=int(settings.get("WEB_PAGE_SIZE")),
        export_max_rows=int(settings.get("WEB_EXPORT_MAX_ROWS")),
        session_max_age=int(settings.get("WEB_SESSION_MAX_AGE")),
        cookie_secure=bool(settings.get("WEB_COOKIE_SECURE")),
        linked_max=int(settings.get("WEB_LINKED_MAX")),
        top_contacts=int(settings.get("WEB_TOP_CONTACTS")),
        network_max_nodes=int(settings.get("WEB_NETWORK_MAX_NODES")),
        user_cache_ttl=float(settings.get("WEB_USER_CACHE_TTL")),
        login_policy=policy,
        evidence_dir=evidence_dir(),
        hsts=bool(settings.get("WEB_HSTS")),
        label_retries=int(settings.get("WEB_LABEL_RETRIES")),
    )
    return app, backend


commands = [serve]

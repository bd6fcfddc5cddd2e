"""``anzuelo serve``: the investigators' workbench (web pages + JSON API)."""

from __future__ import annotations

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
    Behind a TLS proxy set ANZUELO_WEB_COOKIE_SECURE=true.
    """
    import uvicorn

    from workbench import create_app
    from workbench.backend import open_backend
    from workbench.security import load_secret

    backend = open_backend(engine_url or settings.engine_url())
    app = create_app(
        backend,
        secret=load_secret(settings.home(), str(settings.get("WEB_SECRET_FILE"))),
        page_size=int(settings.get("WEB_PAGE_SIZE")),
        export_max_rows=int(settings.get("WEB_EXPORT_MAX_ROWS")),
        session_max_age=int(settings.get("WEB_SESSION_MAX_AGE")),
        cookie_secure=bool(settings.get("WEB_COOKIE_SECURE")),
        linked_max=int(settings.get("WEB_LINKED_MAX")),
        top_contacts=int(settings.get("WEB_TOP_CONTACTS")),
        user_cache_ttl=float(settings.get("WEB_USER_CACHE_TTL")),
    )
    host = host or str(settings.get("WEB_HOST"))
    port = port or int(settings.get("WEB_PORT"))
    click.echo(f"workbench on http://{host}:{port}/  (engine {backend.url})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


commands = [serve]

"""The application factory: wires middleware, routes, errors and static files.

``create_app(backend, secret=...)`` is what ``anzuelo serve`` and the tests
call. ``backend`` is a ``workbench.backend.Backend`` (index access); the
secret signs the session cookie (HttpOnly, SameSite=Lax, optional Secure).
FastAPI's Swagger UI (/docs) is switched off because it loads its assets from
a CDN, which the offline CSP forbids; /openapi.json is served to logged-in
users only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from anzuelo import __version__, settings
from anzuelo.errors import AnzueloError, EngineError, InputError
from index.client import RequestError
from workbench.labels import ConflictError
from workbench import deps
from workbench.auth import UserStore
from workbench.evidence import EvidenceStore
from workbench.security import SecurityHeaders
from workbench.throttle import CheckGate, LoginPolicy, LoginThrottle


def create_app(
    backend: Any,
    *,
    secret: str,
    page_size: int = settings.WEB_PAGE_SIZE,
    export_max_rows: int = settings.WEB_EXPORT_MAX_ROWS,
    session_max_age: int = settings.WEB_SESSION_MAX_AGE,
    cookie_secure: bool = settings.WEB_COOKIE_SECURE,
    linked_max: int = settings.WEB_LINKED_MAX,
    top_contacts: int = settings.WEB_TOP_CONTACTS,
    network_max_nodes: int = settings.WEB_NETWORK_MAX_NODES,
    user_cache_ttl: float = settings.WEB_USER_CACHE_TTL,
    password_hasher: PasswordHasher | None = None,
    login_policy: LoginPolicy | None = None,
    evidence_dir: Path | None = None,
    hsts: bool = settings.WEB_HSTS,
    label_retries: int = settings.WEB_LABEL_RETRIES,
    spool_dir: Path | None = None,
) -> FastAPI:
    """Build the workbench app over ``backend``, signing sessions with ``secret``.

    ``password_hasher`` defaults to argon2-cffi's defaults; only tests pass a
    cheaper one. ``app.state.users`` is the one ``UserStore`` of the app, so
    its user cache sees disables made through the app at once.
    ``evidence_dir`` is the evidence store captures are served from (by content
    hash, never by the path an indexed ad names); None serves no captures.
    ``spool_dir`` is the spool ``/api/status`` reports on; None: the one crawls
    use by default (``ANZUELO_SPOOL_DIR``, else HOME/CRAWL_STATE_DIR/spool).
    """
    app = FastAPI(
        title="anzuelo workbench API",
        version=__version__,
        description="Search, link, label and export job ads scored by anzuelo. "
        "Log in with POST /api/login; send the returned csrf_token as X-CSRF-Token on writes.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.backend = backend
    app.state.page_size = page_size
    app.state.export_max_rows = export_max_rows
    app.state.linked_max = linked_max
    app.state.top_contacts = top_contacts
    app.state.network_max_nodes = network_max_nodes
    app.state.users = UserStore(backend, hasher=password_hasher, cache_ttl=user_cache_ttl)
    policy = login_policy or LoginPolicy()
    app.state.login_throttle = LoginThrottle(policy)
    app.state.login_gate = CheckGate(policy.concurrency)
    app.state.evidence = EvidenceStore(evidence_dir)
    app.state.label_retries = label_retries
    app.state.spool_dir = spool_dir if spool_dir is not None else _default_spool_dir()
    # Outermost first: headers must also wrap error pages produced inside sessions.
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="anzuelo_session",
        max_age=session_max_age,
        same_site="lax",
        https_only=cookie_secure,
    )
    app.add_middleware(SecurityHeaders, hsts=hsts or cookie_secure)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")

    from workbench import admin, api, case_api, case_views, exports, pages, status  # noqa: PLC0415 - routes import deps

    for module in (pages, admin, exports, api, case_views, case_api, status):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        # Unauthenticated and engine-free on purpose (load balancers); details: /api/status, admins only.
        return PlainTextResponse("ok")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: Any = Depends(deps.viewer)) -> JSONResponse:
        return JSONResponse(app.openapi())

    _errors(app)
    return app


def _default_spool_dir() -> Path:
    # As ``anzuelo spool status`` resolves it (anzuelo.cli.spool.spool_dir); importing the CLI
    # package here would load every command.
    folder = str(settings.get("SPOOL_DIR") or "")
    return Path(folder).expanduser() if folder else settings.home() / str(settings.get("CRAWL_STATE_DIR")) / "spool"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _errors(app: FastAPI) -> None:
    @app.exception_handler(deps.LoginRequired)
    async def login_required(request: Request, exc: deps.LoginRequired):
        if _wants_json(request):
            return JSONResponse({"detail": "login required: POST /api/login"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{deps.urlencode({'next': target})}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return _error(request, 422, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))

    @app.exception_handler(AnzueloError)
    async def anzuelo_error(request: Request, exc: AnzueloError):
        if _too_complex(exc):
            # Input the parser let through but the engine cannot run is still the user's input: 400, plain words.
            return _error(request, 400, "the search engine cannot run this request as given",
                          "use fewer words, fewer fuzzy (~) or prefix (*) terms, or fewer filter values")
        status = 400 if isinstance(exc, InputError) else 409 if isinstance(exc, ConflictError) else \
            503 if isinstance(exc, EngineError) else 500
        return _error(request, status, exc.message, exc.hint)


def _too_complex(exc: AnzueloError) -> bool:
    """An engine error caused by the search itself (a 400, or the clause limit), not by an outage."""
    if isinstance(exc, RequestError) and exc.status == 400:
        return True
    # The clause limit comes back as a 500 "all shards failed"; the cause is only in the error body.
    text = (exc.message + " " + str(getattr(exc, "info", "") or "")).lower()
    return isinstance(exc, EngineError) and any(
        marker in text for marker in ("too_many_clauses", "too_many_nested_clauses", "maxclausecount",
                                      "too many clauses", "too_complex_to_determinize"))


def _error(request: Request, status: int, message: str, hint: str = ""):
    if _wants_json(request):
        return JSONResponse({"detail": message, "hint": hint}, status_code=status)
    return deps.page(request, "error.html", status_code=status, status=status, message=message, hint=hint)

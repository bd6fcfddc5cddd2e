"""The sources file: which sites to crawl, with which spider, how politely and how often.

TOML, one table per source (the table key is the source name)::

    [sources.demo-jobs]
    spider = "jobposting"            # jobposting | classifieds | feed
    start_urls = ["{jobs}/"]         # pages to start from
    sitemaps = ["{jobs}/sitemap.xml"]  # jobposting/classifieds only
    feeds = []                       # feed only
    allowed_domains = []             # default: the hosts of the URLs above
    country = "CO"                   # ISO alpha-2 hint
    lang = "es"                      # language hint
    schedule = "0 */6 * * *"         # cron (UTC), used by `anzuelo schedule`
    max_pages = 500                  # pages per crawl (0 = no limit)
    delay = 1.0                      # seconds between requests (DOWNLOAD_DELAY)
    concurrency = 2                  # CONCURRENT_REQUESTS_PER_DOMAIN (at most 8)
    scope = "host"                   # links followed: path | host | domain (jobposting/classifieds)
    [sources.demo-jobs.selectors]    # classifieds only: see crawler.spiders.params.Selectors

``{name}`` placeholders are filled from ``variables`` (the demo fills ``{jobs}``
and ``{classifieds}`` with the demo server URLs). Every error names the file,
the source and the field.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from croniter import croniter
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from anzuelo import settings as defaults
from anzuelo.errors import InputError
from crawler.ingest.params import TelegramParams
from crawler.spiders.params import ClassifiedsParams, FeedParams, JobPostingParams, Selectors, SpiderParams

PARAMS: dict[str, type[SpiderParams]] = {"jobposting": JobPostingParams, "classifieds": ClassifiedsParams,
                                         "feed": FeedParams, "telegram": TelegramParams}
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class Source(BaseModel):
    """One configured source."""

    model_config = ConfigDict(extra="forbid")

    name: str
    spider: str = Field(description="jobposting | classifieds | feed")
    start_urls: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    allowed_domains: list[str] = Field(default_factory=list)
    selectors: Selectors | None = None
    country: str | None = None
    lang: str | None = None
    schedule: str | None = Field(None, description="cron expression (UTC)")
    max_pages: int = Field(0, ge=0)
    delay: float | None = Field(None, ge=0, le=600)
    concurrency: int | None = Field(None, ge=1, le=8)
    follow_links: bool | None = None
    scope: Literal["path", "host", "domain"] = Field(
        "host", description="links followed: path (start URLs' folders and below), host, or domain (registrable)")
    allow_private: bool = Field(False, description="allow loopback/private addresses (demo only)")
    enabled: bool = True
    description: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not _NAME.fullmatch(v):
            raise ValueError(f"invalid source name {v!r}: use lower-case letters, digits, '.', '_' or '-'")
        return v

    @field_validator("spider")
    @classmethod
    def _spider(cls, v: str) -> str:
        if v not in PARAMS:
            raise ValueError(f"unknown spider {v!r}: use one of {', '.join(PARAMS)}")
        return v

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: str | None) -> str | None:
        if v is not None and not croniter.is_valid(v):
            raise ValueError(f"invalid cron expression {v!r}")
        return v

    def spider_args(self) -> dict[str, Any]:
        """Keyword arguments of the spider (already valid: checked at load time)."""
        args: dict[str, Any] = {"source": self.name}
        if self.start_urls:
            args["start_urls"] = list(self.start_urls)
        if self.sitemaps:
            args["sitemap_urls"] = list(self.sitemaps)
        if self.feeds:
            args["feed_urls"] = list(self.feeds)
        if self.selectors is not None:
            args["selectors"] = self.selectors.model_dump(exclude_none=True)
        if self.spider in ("jobposting", "classifieds"):  # the spiders that follow links
            args["scope"] = self.scope
        for key in ("allowed_domains", "country", "lang", "follow_links"):
            value = getattr(self, key)
            if value not in (None, []):
                args[key] = value
        if self.max_pages:
            args["max_pages"] = self.max_pages
        return args

    @property
    def settings(self) -> dict[str, Any]:
        """Scrapy settings this source overrides (politeness)."""
        out: dict[str, Any] = {}
        if self.delay is not None:
            out["DOWNLOAD_DELAY"] = self.delay
        if self.concurrency is not None:
            out["CONCURRENT_REQUESTS_PER_DOMAIN"] = self.concurrency
        return out

    def check_spider_args(self) -> None:
        """Validate the spider arguments with the spider's own model (ValidationError)."""
        PARAMS[self.spider].model_validate(self.spider_args())


def default_variables() -> dict[str, str]:
    """Placeholder values of the demo sources: the demo server's default ports."""
    port = int(defaults.get("DEMO_PORT"))
    return {"jobs": f"http://127.0.0.1:{port}", "classifieds": f"http://127.0.0.1:{port + 1}"}


def _fill(text: str, variables: dict[str, str]) -> str:
    for key, value in variables.items():
        text = text.replace("{" + key + "}", value.rstrip("/"))
    return text


def _field_errors(path: Path, name: str, exc: ValidationError, rename: dict[str, str] | None = None) -> list[str]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        if loc and rename:
            loc[0] = rename.get(loc[0], loc[0])
        msg = err["msg"].removeprefix("Value error, ")
        out.append(f"{path}: source '{name}': field '{'.'.join(loc) or '-'}': {msg}")
    return out


def load_sources(path: Path | str, variables: dict[str, str] | None = None, *, enabled_only: bool = False) -> list[Source]:
    """Read and validate a sources file; InputError listing every problem (file, source, field)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the sources file ({exc.strerror})", "pass --sources FILE with an existing file") from None
    try:
        data = tomllib.loads(_fill(raw, {**default_variables(), **(variables or {})}))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML: {exc}", "fix the syntax; see sources.toml in the repository for an example") from None
    unknown = set(data) - {"sources"}
    table = data.get("sources")
    problems = [f"{path}: unknown top-level key '{k}'" for k in sorted(unknown)]
    if not isinstance(table, dict) or not table:
        problems.append(f"{path}: no [sources.<name>] tables found")
        table = {}
    sources: list[Source] = []
    rename = {"sitemap_urls": "sitemaps", "feed_urls": "feeds"}
    for name, body in table.items():
        if not isinstance(body, dict):
            problems.append(f"{path}: source '{name}': expected a table [sources.{name}]")
            continue
        try:
            source = Source.model_validate({"name": name, **body})
        except ValidationError as exc:
            problems += _field_errors(path, name, exc)
            continue
        unused = [f for f, spiders in (("sitemaps", {"jobposting", "classifieds"}), ("feeds", {"feed"}), ("selectors", {"classifieds"}))
                  if getattr(source, f) and source.spider not in spiders]
        problems += [f"{path}: source '{name}': field '{f}': not used by spider '{source.spider}'" for f in unused]
        try:
            source.check_spider_args()
        except ValidationError as exc:
            problems += _field_errors(path, name, exc, rename)
            continue
        if not unused and (source.enabled or not enabled_only):
            sources.append(source)
    if problems:
        raise InputError("\n".join(problems), "fix the fields named above; `anzuelo sources check` re-validates the file")
    return sources

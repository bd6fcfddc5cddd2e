"""Where the sources file is, and a commented example to start one (``anzuelo sources init``).

Lookup order when a command needs the sources file (``locate_sources``):

1. ``--sources FILE`` given on the command line;
2. the ``ANZUELO_SOURCES`` environment variable (setting ``SOURCES``);
3. ``sources.toml`` in the current folder (a fresh clone has one);
4. ``$ANZUELO_HOME/sources.toml`` (``~/.anzuelo``; setting ``CRAWL_SOURCES_FILE``).

An explicit choice (1 or 2) that does not exist is an error, never skipped;
when nothing is found, the error lists every place looked at and offers
``anzuelo sources init``. Library code: the CLI passes the settings in.
"""

from __future__ import annotations

from pathlib import Path

from anzuelo.errors import InputError

INIT_HINT = "create one with `anzuelo sources init` (a commented example in {home}), or pass --sources FILE"

EXAMPLE = """\
# anzuelo sources: one [sources.<name>] table per site to crawl.
# `anzuelo sources check` validates this file; `anzuelo crawl NAME` crawls one source;
# `anzuelo schedule` crawls every enabled source on its cron schedule (UTC).
# Fields: see crawler/sources.py. These examples are disabled: point them at real
# sites, set enabled = true (or delete the line) and check the file again.

[sources.my-jobboard]
description = "A job board publishing schema.org JobPosting (JSON-LD, microdata or RDFa)"
spider = "jobposting"                        # jobposting | classifieds | feed
start_urls = ["https://jobs.example.org/"]
sitemaps = ["https://jobs.example.org/sitemap.xml"]
country = "CO"                               # ISO code: the region of local phone numbers
lang = "es"
schedule = "0 */6 * * *"                     # every 6 hours
max_pages = 2000                             # pages per crawl (0 = no limit)
delay = 1.0                                  # seconds between requests to the site
concurrency = 2                              # requests at a time (at most 8)
enabled = false

[sources.my-classifieds]
description = "A classifieds site without structured data: CSS selectors for listings and ads"
spider = "classifieds"
start_urls = ["https://clasificados.example.org/empleo/"]
country = "MX"
lang = "es"
schedule = "30 3 * * *"
max_pages = 500
delay = 2.0
enabled = false

[sources.my-classifieds.selectors]
listing_links = "a.ad-link"                  # links from a listing page to its ads
next_page = "a.next"                         # the listing's next page
title = "h1"
body = "div.ad-body"
detail_url_pattern = "/anuncio/[^/]+$"       # URLs of ad pages (regular expression)

[sources.my-feed]
description = "An RSS/Atom feed of job ads (each entry's page is fetched)"
spider = "feed"
feeds = ["https://empleos.example.org/feed.xml"]
follow_links = true
country = "BR"
lang = "pt"
schedule = "15 * * * *"
enabled = false
"""


def locate_sources(given: Path | None, env_value: str | None, cwd: Path, home_file: Path) -> Path:
    """The sources file to use (order in the module doc); InputError naming every place looked at."""
    if given is not None:
        if not given.is_file():
            raise InputError(f"sources file not found: {given} (given with --sources)", "pass an existing file")
        return given
    if env_value:
        path = Path(env_value).expanduser()
        if not path.is_file():
            raise InputError(f"sources file not found: {path} (from ANZUELO_SOURCES)",
                             "fix or unset ANZUELO_SOURCES")
        return path
    local = cwd / "sources.toml"
    for path in (local, home_file):
        if path.is_file():
            return path
    looked = ["--sources (not given)", "ANZUELO_SOURCES (not set)", f"{local} (missing)", f"{home_file} (missing)"]
    raise InputError("no sources file found; looked at: " + ", ".join(looked), INIT_HINT.format(home=home_file))


def write_example(path: Path, force: bool = False) -> Path:
    """Write ``EXAMPLE`` to ``path`` (folders created); InputError when it exists and not ``force``."""
    if path.exists() and not force:
        raise InputError(f"{path} already exists: not overwritten", "pass --force to replace it with the example")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXAMPLE, encoding="utf-8")
    return path

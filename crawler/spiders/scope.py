"""Crawl scope: which links found on pages a spider follows.

* ``path``: the seeds' hosts, and only the seeds' folders and below
  (``https://x/empleos/ofertas`` -> ``https://x/empleos/``), as archival
  crawlers scope by seed prefix: a one-off ``--url`` stays in the section
  the user pointed at;
* ``host``: the seeds' hosts (``www.x`` and ``x`` are one host);
* ``domain``: the seeds' registrable domains and all their subdomains.

``allowed_domains`` entries are followed anywhere under any scope. Scrapy's
offsite filter gets the widest set (``allowed_domains``); ``CrawlScope.refusal``
narrows it per link and names why a link is refused, for the stats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.extract.urls import registrable_domain

SCOPES = ("path", "host", "domain")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


@dataclass
class CrawlScope:
    """The scope of one crawl, from its seed URLs and explicit ``allowed_domains``."""

    scope: str
    seeds: list[str]
    explicit: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r}: use one of {', '.join(SCOPES)}")
        self.hosts = {h for u in self.seeds if (h := _host(u))}
        self.prefixes = {(_host(u), (p := urlsplit(u).path)[:p.rfind("/") + 1] or "/") for u in self.seeds if _host(u)}
        self.explicit_domains = {d.lower() for d in self.explicit}
        self._allowed = tuple(d.lower() for d in self.allowed_domains)
        self._by_host: dict[str, str | None] = {}  # host -> refusal before the path check (hosts repeat)

    @property
    def allowed_domains(self) -> list[str]:
        """Domains for Scrapy's offsite filter (which also admits their subdomains)."""
        seeds = {registrable_domain(h) for h in self.hosts} if self.scope == "domain" else self.hosts
        if self.explicit and self.scope != "domain":
            return list(self.explicit)
        return sorted({*self.explicit, *seeds})

    def refusal(self, url: str) -> str | None:
        """None when the link is in scope, else why not: ``offsite``, ``out_of_scope/host`` or ``out_of_scope/path``."""
        host = _host(url)
        if host not in self._by_host:
            self._by_host[host] = self._host_refusal(host)
        refused = self._by_host[host]
        if refused or self.scope != "path" or host not in self.hosts:
            return refused  # an explicit allowed domain is followed at any path
        path = urlsplit(url).path or "/"
        return None if any(h == host and path.startswith(p) for h, p in self.prefixes) else "out_of_scope/path"

    def _host_refusal(self, host: str) -> str | None:
        if any(host == d or host.endswith("." + d) for d in self.explicit_domains):
            return None
        if not any(host == d or host.endswith("." + d) for d in self._allowed):
            return "offsite"
        if self.scope != "domain" and host not in self.hosts:
            return "out_of_scope/host"
        return None

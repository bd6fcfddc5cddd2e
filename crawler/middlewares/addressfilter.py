"""Refuse requests to loopback, private, link-local, CGNAT, multicast and metadata addresses.

A job ad can link anywhere, and redirects can point anywhere: without this
filter a crawler run inside a cloud or an office network would fetch the
metadata service or intranet pages. The host is resolved (off the reactor
thread) and every address it resolves to must be public. Redirects come back
through the downloader middlewares as new requests, so every hop is checked.

Residual risk: DNS may answer differently when Scrapy connects (rebinding);
run crawlers where the network also blocks private ranges.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.threads import deferToThread

from crawler.middlewares import refuse

#: Cloud metadata endpoints, refused even when private addresses are allowed.
METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data", "metadata.azure.com"}
METADATA_IPS = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("169.254.170.2")}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


def classify(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` must not be fetched ('metadata', 'private_address'), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA_IPS:
        return "metadata"
    if (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_unspecified
            or ip.is_reserved or (ip.version == 4 and ip in _CGNAT) or (ip.version == 6 and ip in _UNIQUE_LOCAL)):
        return "private_address"
    return None


def system_resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (blocking; run in a thread)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


class AddressFilterMiddleware:
    """Downloader middleware refusing non-public addresses, counted as ``anzuelo/refused/<reason>``."""

    def __init__(self, crawler, allow_private: bool, allowed_hosts: list[str], overrides: dict[str, str],
                 resolver: Callable[[str], list[str]] = system_resolve) -> None:
        self.crawler = crawler
        self.allow_private = allow_private
        self.allowed_hosts = {h.lower().strip("[]") for h in allowed_hosts}
        self.overrides = {k.lower(): v for k, v in overrides.items()}
        self.resolver = resolver
        self._cache: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("ANZUELO_ADDRESS_FILTER_ENABLED", True):
            raise NotConfigured("ANZUELO_ADDRESS_FILTER_ENABLED is off")
        return cls(crawler, s.getbool("ANZUELO_ALLOW_PRIVATE"), s.getlist("ANZUELO_ALLOWED_PRIVATE_HOSTS"),
                   s.getdict("ANZUELO_RESOLVE_OVERRIDES"))

    async def process_request(self, request):
        host = (urlparse_cached(request).hostname or "").lower().rstrip(".")
        if not host:
            refuse(self.crawler, "no_host", request)
        if host in METADATA_HOSTS:
            refuse(self.crawler, "metadata", request, host)
        if host in self.allowed_hosts:
            return None
        addresses = await self._resolve(host)
        if addresses is None:
            refuse(self.crawler, "unresolvable", request, host)
        for addr in addresses:
            reason = classify(ipaddress.ip_address(addr.split("%", 1)[0]))
            if reason == "metadata" or (reason and not self.allow_private):
                refuse(self.crawler, reason, request, f"{host} -> {addr}")
        return None

    async def _resolve(self, host: str) -> list[str] | None:
        if host in self.overrides:
            return [self.overrides[host]]
        try:
            return [str(ipaddress.ip_address(host))]  # IP literal: no DNS
        except ValueError:
            pass
        if host not in self._cache:
            try:
                self._cache[host] = await maybe_deferred_to_future(deferToThread(self.resolver, host))
            except OSError:
                return None
        return self._cache[host]

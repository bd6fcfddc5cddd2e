"""The network behind a recruiter or a case: ads, the contacts they share, and near-identical texts.

``build`` starts from seed ads (a recruiter's ads, or a case's ads and
recruiters), follows every contact of theirs one hop (each phone, WhatsApp
number, Telegram handle, e-mail and handle brings the other ads using it,
whatever the source or country), and asks the shared linker for near-identical
texts. Domains are drawn for the ads in the graph but never followed: a
webmail domain would tie unrelated recruiters together. The graph is bounded
(``max_nodes``); seeds come first, and ``truncated`` says when something was
left out. ``to_json`` and ``to_graphml`` are the exports; ``workbench.network_svg`` draws it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from index import fields as F

#: Contact fields followed one hop, and the node kind each becomes.
CONTACT_KINDS = {F.PHONES: "phone", F.WHATSAPP: "whatsapp", F.TELEGRAM: "telegram", F.EMAILS: "email",
                 F.HANDLES: "handle"}
DOMAIN_FIELDS = (F.DOMAINS, F.EMAIL_DOMAINS)
#: Shared by millions of unrelated people: never a node.
WEBMAIL = frozenset({"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.es", "live.com", "icloud.com",
                     "hotmail.es", "outlook.es", "protonmail.com", "proton.me", "uol.com.br", "bol.com.br",
                     "wa.me", "t.me", "instagram.com", "facebook.com", "tiktok.com", "whatsapp.com"})
MAX_NODES = 200
PER_CONTACT = 50
TEXT_LINKS_FROM = 40  # seed ads asked for near-identical texts (one engine query each)


@dataclass
class Graph:
    """Nodes ``{id, kind, label, href, ...}`` and edges ``{source, target, kind}`` of one network."""

    title: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    left_out: int = 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for node in self.nodes:
            out[node["kind"]] = out.get(node["kind"], 0) + 1
        return out


def ad_node(ad: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"ad:{ad[F.ID]}", "kind": "ad", "label": ad.get(F.TITLE) or "(untitled ad)",
            "href": f"/ads/{quote(ad[F.ID], safe='')}", "source": ad.get(F.SOURCE) or "",
            "country": ad.get(F.COUNTRY) or "", "location": ad.get(F.LOCATION) or "", "risk": ad.get(F.RISK) or "",
            "first_seen": (ad.get(F.FIRST_SEEN) or "")[:10], "status": ad.get(F.STATUS) or ""}


def contact_node(field_name: str, value: str) -> dict[str, Any]:
    if field_name in CONTACT_KINDS:
        return {"id": f"{field_name}:{value}", "kind": CONTACT_KINDS[field_name], "label": value,
                "href": f"/recruiters/{field_name}/{quote(value, safe='')}"}
    return {"id": f"domain:{value}", "kind": "domain", "label": value, "href": "/?" + urlencode({"q": value})}


def contacts_of(ad: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) of every contact and non-webmail domain of ``ad``, in field order."""
    pairs = [(f, str(v)) for f in CONTACT_KINDS for v in ad.get(f) or []]
    domains = sorted({str(v).lower() for f in DOMAIN_FIELDS for v in ad.get(f) or []} - WEBMAIL)
    return pairs + [("domain", d) for d in domains]


def build(be: Any, title: str, seeds: list[dict[str, Any]], max_nodes: int = MAX_NODES,
          per_contact: int = PER_CONTACT) -> Graph:
    """The network around ``seeds`` (ads), bounded to ``max_nodes`` nodes."""
    ads: dict[str, dict[str, Any]] = {a[F.ID]: a for a in seeds if a and a.get(F.ID)}
    seed_ids = list(ads)
    followed: set[tuple[str, str]] = set()
    for ad in list(ads.values()):
        for pair in contacts_of(ad):
            # More ads than can be drawn: following further contacts only costs engine queries.
            if pair[0] in CONTACT_KINDS and pair not in followed and len(ads) < max_nodes:
                followed.add(pair)
                for other in be.recruiter(pair[0], pair[1], per_contact):
                    ads.setdefault(other[F.ID], other)
    text_links: set[tuple[str, str]] = set()
    for ad_id in seed_ids[:TEXT_LINKS_FROM]:
        for link in be.linked(ads[ad_id], per_contact):
            other = link["ad"]
            if any(r in ("identical text", "near-identical text") for r in link["reasons"]):
                ads.setdefault(other[F.ID], other)
                text_links.add(tuple(sorted((ad_id, other[F.ID]))))
    graph = Graph(title)
    ordered = seed_ids + sorted((i for i in ads if i not in seed_ids),
                                key=lambda i: (ads[i].get(F.SOURCE) or "", ads[i].get(F.FIRST_SEEN) or "", i))
    seen: set[str] = set()
    for ad_id in ordered:
        ad = ads[ad_id]
        new = [contact_node(f, v) for f, v in contacts_of(ad)]
        new = [n for n in new if n["id"] not in seen]
        if len(seen) + 1 + len(new) > max_nodes:
            graph.truncated = True
            graph.left_out += 1
            continue
        for node in [ad_node(ad)] + new:
            seen.add(node["id"])
            graph.nodes.append(node)
        for f, v in contacts_of(ad):
            target = contact_node(f, v)
            graph.edges.append({"source": f"ad:{ad_id}", "target": target["id"], "kind": target["kind"]})
    for a, b in sorted(text_links):
        if f"ad:{a}" in seen and f"ad:{b}" in seen:
            graph.edges.append({"source": f"ad:{a}", "target": f"ad:{b}", "kind": "text"})
    return graph


def to_json(graph: Graph) -> dict[str, Any]:
    return {"title": graph.title, "nodes": graph.nodes, "edges": graph.edges, "counts": graph.counts(),
            "truncated": graph.truncated, "ads_left_out": graph.left_out}


_KEYS = ("kind", "label", "href", "source", "country", "location", "risk", "first_seen", "status")


def to_graphml(graph: Graph) -> bytes:
    """GraphML (Gephi, yEd, Cytoscape): node attributes as string keys, edge kind as a key."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", {"xmlns": ns})
    for key in _KEYS:
        ET.SubElement(root, "key", {"id": key, "for": "node", "attr.name": key, "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "ekind", "for": "edge", "attr.name": "kind", "attr.type": "string"})
    g = ET.SubElement(root, "graph", {"id": "network", "edgedefault": "undirected"})
    for node in graph.nodes:
        el = ET.SubElement(g, "node", {"id": node["id"]})
        for key in _KEYS:
            if node.get(key):
                ET.SubElement(el, "data", {"key": key}).text = str(node[key])
    for n, edge in enumerate(graph.edges):
        el = ET.SubElement(g, "edge", {"id": f"e{n}", "source": edge["source"], "target": edge["target"]})
        ET.SubElement(el, "data", {"key": "ekind"}).text = edge["kind"]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

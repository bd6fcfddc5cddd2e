"""Drawing a network as SVG on the server: two columns, ads left, contacts right.

The layout is deterministic (same graph, same picture) and needs no script,
so the strict CSP stays: ads are ordered by source, country and first-seen
date; contacts by kind, then by the mean row of the ads using them (the
barycentre heuristic, which keeps most lines short and few of them crossing).
Near-identical texts are arcs left of the ad column. Every node is an SVG
``<a>`` to its ad or recruiter page. Colours are presentation attributes, not
inline styles (which the CSP forbids), so the standalone .svg looks the same;
the page's stylesheet only adds hover and focus.
"""

from __future__ import annotations

from html import escape
from workbench.network import Graph

ROW = 26
TOP = 56
AD_X = 230
SOURCE_X = 8
CONTACT_X = 700
#: Lines to contacts start right of the longest ad title, so they never cross the titles.
PORT_X = AD_X + 310
WIDTH = 1000
LABEL_MAX = 44
COLOURS = {"ad": "#555", "phone": "#1f77b4", "whatsapp": "#2ca02c", "telegram": "#17becf", "email": "#9467bd",
           "handle": "#e377c2", "domain": "#8c564b", "text": "#d62728"}
RISK_COLOURS = {"high": "#c0392b", "medium": "#e67e22", "low": "#7f8c8d"}
KIND_ORDER = ("whatsapp", "phone", "telegram", "handle", "email", "domain")


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _where(node: dict) -> str:
    """Source and place of an ad node, short enough for the left margin."""
    place = (node.get("location") or "").split(",")[0].strip() or node.get("country", "")
    text = f'{node.get("source", "")} · {place}' if place else node.get("source", "")
    return text if len(text) <= 30 else text[:29] + "…"


def layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y)."""
    ads = [n for n in graph.nodes if n["kind"] == "ad"]
    ads.sort(key=lambda n: (n.get("source", ""), n.get("country", ""), n.get("first_seen", ""), n["id"]))
    pos = {n["id"]: (AD_X, TOP + i * ROW) for i, n in enumerate(ads)}
    rows: dict[str, list[float]] = {}
    for edge in graph.edges:
        if edge["kind"] != "text" and edge["source"] in pos:
            rows.setdefault(edge["target"], []).append(pos[edge["source"]][1])
    contacts = [n for n in graph.nodes if n["kind"] != "ad"]
    contacts.sort(key=lambda n: (KIND_ORDER.index(n["kind"]) if n["kind"] in KIND_ORDER else 99,
                                 sum(rows.get(n["id"], [0])) / max(1, len(rows.get(n["id"], []))), n["id"]))
    pos.update({n["id"]: (CONTACT_X, TOP + i * ROW) for i, n in enumerate(contacts)})
    return pos


def to_svg(graph: Graph, standalone: bool = False) -> str:
    """The network as one ``<svg>`` element (``standalone``: with the XML declaration, for download)."""
    pos = layout(graph)
    rows = max([0] + [1 + (y - TOP) // ROW for _, y in pos.values()])
    height = int(TOP + rows * ROW + 20)
    out = []
    if standalone:
        out.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {WIDTH} {height}" '
               f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(graph.title)}" '
               'font-family="sans-serif" font-size="12">')
    out.append(f"<title>{escape(graph.title)}</title>")
    out.append(f'<text x="{SOURCE_X}" y="24" font-weight="bold">Source</text>'
               f'<text x="{AD_X - 7}" y="24" font-weight="bold">Ads</text>'
               f'<text x="{CONTACT_X}" y="24" font-weight="bold">Contacts, handles, domains</text>')
    for edge in graph.edges:
        if edge["source"] not in pos or edge["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[edge["source"]], pos[edge["target"]]
        colour = COLOURS.get(edge["kind"], "#999")
        if edge["kind"] == "text":
            bend = AD_X - 20 - min(60, abs(y2 - y1) / 4)
            out.append(f'<path class="edge edge-text" d="M{x1 - 7} {y1} C{bend} {y1} {bend} {y2} {x2 - 7} {y2}" '
                       f'fill="none" stroke="{colour}" stroke-dasharray="4 3" stroke-width="1.5"/>')
        else:
            out.append(f'<line class="edge edge-{edge["kind"]}" x1="{PORT_X}" y1="{y1}" x2="{x2 - 7}" y2="{y2}" '
                       f'stroke="{colour}" stroke-opacity="0.6" stroke-width="1.2"/>')
    for node in graph.nodes:
        x, y = pos[node["id"]]
        kind = node["kind"]
        fill = RISK_COLOURS.get(node.get("risk", ""), COLOURS["ad"]) if kind == "ad" else COLOURS.get(kind, "#999")
        tip = node["label"] if kind != "ad" else \
            f'{node["label"]} · {node.get("source", "")} · {node.get("location") or node.get("country", "")}'
        label = _short(node["label"])
        if kind == "ad":
            text = (f'<text x="{x + 12}" y="{y + 4}">{escape(label)}</text>'
                    f'<text x="{SOURCE_X}" y="{y + 4}" fill="#777">'
                    f'{escape(_where(node))}</text>')
            shape = f'<circle cx="{x}" cy="{y}" r="7" fill="{fill}"/>'
        else:
            text = f'<text x="{x + 12}" y="{y + 4}"><tspan fill="#777">{kind}</tspan> {escape(label)}</text>'
            shape = f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12" fill="{fill}"/>'
        out.append(f'<a class="node node-{kind}" href="{escape(node["href"])}" data-node="{escape(node["id"])}">'
                   f"<title>{escape(tip)}</title>{shape}{text}</a>")
    out.append("</svg>")
    return "".join(out)


def legend() -> list[tuple[str, str]]:
    """(kind, colour) for the page's legend."""
    return list(COLOURS.items())

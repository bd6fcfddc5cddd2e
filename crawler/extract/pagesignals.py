"""Structure signals of one HTML page for ``crawler.extract.pagetype``, from one walk over its tree.

Words are counted per text node, by where they sit: inside a link, inside a
repeated card (one of at least ``min_cards`` elements alike in parent
tag+class, tag and class, each holding a link and some structure), or outside
both, in the nearest block element. Navigation, header, footer, asides,
breadcrumbs, scripts and option lists do not count: every page of a site has
the same ones, and "similar jobs" boxes sit in asides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

_SKIP = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "head", "select",
                   "svg", "iframe", "aside"})
# words are counted per nearest one of these ("one dominant text block" = the largest count)
_TEXT_BLOCK = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "article", "section", "main", "blockquote", "pre",
                         "h1", "h2", "h3", "h4", "h5", "h6", "body"})
_APPLY = re.compile(
    r"^\s*(?:postular(?:me|se)?(?: ahora| a esta oferta| a (?:la|este) (?:oferta|empleo|vacante))?|post[uú]late(?: ya)?|"
    r"quiero postularme|aplicar(?: ahora| a esta vacante| a (?:la|esta) oferta| al empleo)?|aplica(?:r)? ya|"
    r"inscribirme(?: en esta oferta)?|candidatar-se|candidate-se|quero me candidatar|enviar (?:mi |meu )?(?:cv|"
    r"curr[ií]culo|hoja de vida)|apply(?: now| for this job| on company site| to this job)?|easy apply|"
    r"i'?m interested|solicitar empleo|responder|reply|contactar(?: al? anunciante| vendedor)?|"
    r"postulaci[oó]n r[aá]pida|ver tel[eé]fono|enviar mensaje|chamar no chat|ver telefone|contatar anunciante|"
    r"enviar mensagem|send message|message seller|(?:1-click|quick) apply|apply with \w+|me interesa|"
    r"tenho interesse|contactar por whatsapp)\s*[!»›→]*\s*$", re.I)
_PAGER_TEXT = re.compile(r"^\s*(?:siguiente|pr[oó]xim[ao]|next|seguinte|older posts|ver m[aá]s resultados|"
                         r"\d{1,3}|[»›>]{1,2}|next page|p[aá]gina siguiente)\s*[»›>]*\s*$", re.I)
_PAGE_PARAM = re.compile(r"(?:[?&](?:page|pagina|pg|p|pagenumber|start|offset|s)=\d+|/(?:page|pagina|p)/\d+/?$|"
                         r"[-_]p(?:agina)?[-_]?\d+(?:\.html?)?$)", re.I)
# an id: three digits in a row, or 8+ letters and digits with both (a long plain word is no id)
_ID = re.compile(r"\d{3,}|(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{8,}", re.I)
_DIGITS = re.compile(r"\d+")


@dataclass
class Signals:
    """What ``pagetype.decide`` weighs."""

    title: str = ""
    h1: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    words: int = 0  # all counted words
    card_words: int = 0  # inside repeated cards
    outside_words: int = 0  # outside cards and links
    outside_link_words: int = 0  # link words outside cards
    longest_block: int = 0  # words of the longest block outside cards and links
    dominant_words: int = 0  # words of the largest block with its child blocks (paragraphs of one description)
    cards: int = 0  # members of the largest card group
    pagination: bool = False
    similar_links: int = 0  # distinct id-bearing links of the commonest URL shape
    sibling: bool = False  # the page's own URL has that shape: one ad among links to its siblings
    text_before_cards: bool = True  # the longest block comes before the first card (an ad's text, not SEO text)
    apply_buttons: int = 0  # apply/reply controls outside the cards


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def page_signals(root, url: str, min_cards: int = 5, card_min_words: float = 4) -> Signals | None:
    """Signals of a parsed page (lxml root of ``response.selector``); None when it has no body."""
    if not isinstance(root, etree._Element):
        return None
    body = root.find("body")
    if body is None:
        body = root
    sig = Signals()
    title = root.find("head/title")
    sig.title = _text(title) if title is not None else ""
    blocks: defaultdict = defaultdict(int)  # block element -> its words outside cards and links
    base = url
    for b in root.iterfind("head/base"):
        base = urljoin(url, b.get("href") or "")
    links: list[str] = []
    # every element's proxy is kept alive for both passes: lxml.html makes each one with a Python class lookup
    els = list(body.iter(etree.Element))
    members, sig.cards = card_members(els, min_cards, card_min_words)
    sig.pagination = root.find("head/link[@rel='next']") is not None or _pager(els)
    order: dict = {}  # block element or the first card ("card") -> its position in document order
    _walk(body, sig, blocks, links, members, order)
    sig.longest_block = max(blocks.values(), default=0)
    containers: defaultdict = defaultdict(int)
    for block, words in blocks.items():
        containers[block] += words
        if (parent := block.getparent()) is not None:
            containers[parent] += words
    sig.dominant_words = max(containers.values(), default=0)
    if blocks and "card" in order:
        longest = max(blocks, key=blocks.get)
        sig.text_before_cards = order.get(longest, 0) < order["card"]
    sig.similar_links, shape = _similar(links, base)
    own = urlsplit(url)
    sig.sibling = shape is not None and sig.similar_links >= 3 and _shape(own.path, own.query, url) == shape
    return sig


def _first_class(el) -> str:
    cls = el.get("class")
    return cls.split(" ", 1)[0] if cls else ""


def card_members(els: list, min_cards: int, min_words: float = 4) -> tuple[set, int]:
    """The repeated cards of a page (elements), and the size of the largest card group.

    Cards are elements alike in (parent tag+class, tag, class) that each hold a
    link and some structure (at least two elements inside); the key spans
    parents, so jobs split by team (Lever, Greenhouse) still make one group.
    """
    groups: defaultdict[tuple, list] = defaultdict(list)
    for el in els:
        parent = el.getparent()
        if parent is None or el.tag in _SKIP:
            continue
        groups[(parent.tag, _first_class(parent), el.tag, _first_class(el))].append(el)
    members: set = set()  # the elements themselves: lxml proxies (and so id()) live only while referenced
    largest = 0
    for key, els in groups.items():
        if len(els) < min_cards or key[2] in ("p", "br", "span", "b", "strong", "em", "i", "img", "option", "td", "th"):
            continue
        good = [m for m in els if (m.tag == "a" or m.find(".//a[@href]") is not None) and _size(m) >= 3]
        if len(good) < min_cards or len(good) < 0.6 * len(els):
            continue
        # menu items ("Ventas", "Categoría 12") are no cards: a card says what, where, who
        if sum(len(" ".join(m.itertext()).split()) for m in good) < min_words * len(good):
            continue
        members.update(good)
        largest = max(largest, len(good))
    return members, largest


def _size(el, limit: int = 3) -> int:
    n = 0
    for _ in el.iter(etree.Element):
        n += 1
        if n >= limit:
            break
    return n


_PAGER_CLASS = re.compile(r"paginat|pager|paginac|paginad|paging|page-numbers", re.I)  # not "pagina": page wrappers
_PAGER_LABEL = re.compile(r"paginat|paginac|p[aá]gina (?:siguiente|anterior|\d)|ir a la p[aá]gina|"
                          r"(?:next|previous) page|page \d|pr[oó]xima p[aá]gina", re.I)


def _pager(els: list) -> bool:
    """A pagination block: a class or aria-label naming it, or a rel=next link."""
    for el in els:
        cls = el.get("class")
        if (cls and _PAGER_CLASS.search(cls)) or el.get("rel") == "next":
            return True
        label = el.get("aria-label")
        if label and _PAGER_LABEL.search(label):
            return True
    return False


_ROLES = frozenset({"navigation", "banner", "contentinfo"})


def _walk(body, sig: Signals, blocks, links: list[str], members: set, order: dict) -> None:
    """One pass over the body with an explicit stack (deep pages, no recursion); tails count in the parent."""
    stack = [(body, False, False, body)]
    n = 0
    while stack:
        el, in_link, in_card, block = stack.pop()
        n += 1
        if in_card and "card" not in order and el in members:
            order["card"] = n
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        cls = el.get("class")
        if (cls and "breadcrumb" in cls.lower()) or el.get("role") in _ROLES:
            continue
        if tag == "a" and (href := el.get("href")) is not None:
            in_link = True
            href = href.strip()
            links.append(href)
            if not sig.pagination and (el.get("rel") == "next" or (_PAGE_PARAM.search(href) and _PAGER_TEXT.match(_text(el)))):
                sig.pagination = True
        if not in_card and tag in ("a", "button", "input"):
            # a control with more inside than a label and an icon is no button
            label = el.get("value") if tag == "input" else (_text(el) if len(el) <= 3 else "")
            if label and len(label) <= 40 and _APPLY.match(label):
                sig.apply_buttons += 1
        elif tag == "h1" or tag == "h2":
            (sig.h1 if tag == "h1" else sig.h2).append(_text(el))
        if tag in _TEXT_BLOCK:
            block = el
            order[el] = n
        _count(sig, blocks, el.text, in_link, in_card, block)
        kids = []
        for child in el:
            _count(sig, blocks, child.tail, in_link, in_card, block)
            kids.append((child, in_link, in_card or child in members, block))
        stack.extend(reversed(kids))  # popped in document order (h1/h2 lists keep page order)


def _count(sig: Signals, blocks, text: str | None, in_link: bool, in_card: bool, block) -> None:
    if not text or text.isspace():
        return
    n = len(text.split())
    sig.words += n
    if in_card:
        sig.card_words += n
    elif in_link:
        sig.outside_link_words += n
    else:
        sig.outside_words += n
        blocks[block] += n


def _shape(path: str, query: str, href: str) -> tuple | None:
    """The shape of an id-bearing link: its folders (digits as #, slugs as *) and query keys; None without an id."""
    segs = path.rstrip("/").split("/")
    if not (_ID.search(segs[-1]) or _ID.search(query)) or _PAGE_PARAM.search(href):
        return None
    keys = tuple(sorted(k.split("=")[0] for k in query.split("&") if k))
    return tuple("*" if s.count("-") >= 2 else _DIGITS.sub("#", s) for s in segs[:-1]), keys


def _similar(hrefs: list[str], base: str) -> tuple[int, tuple | None]:
    """Distinct same-host id-bearing links in the commonest URL shape: their number and that shape."""
    host = urlsplit(base).hostname
    shapes: Counter[tuple] = Counter()
    seen: set[str] = set()
    for href in hrefs:
        if href.startswith("/") and not href.startswith("//"):
            rest = href  # most links are site-relative: no urljoin/urlsplit per link
        elif href.startswith(("#", "javascript:", "mailto:", "tel:", "whatsapp:")):
            continue
        else:
            try:
                parts = urlsplit(urljoin(base, href))
            except ValueError:
                continue
            if parts.hostname != host:
                continue
            rest = parts.path + ("?" + parts.query if parts.query else "")
        path, _, query = rest.partition("#")[0].partition("?")
        key = path + "?" + query
        if key in seen:
            continue
        seen.add(key)
        if (shape := _shape(path, query, href)) is not None:
            shapes[shape] += 1
    if not shapes:
        return 0, None
    shape, count = shapes.most_common(1)[0]
    return count, shape

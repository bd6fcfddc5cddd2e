"""HTML to plain text, main-text extraction and the content hash of an ad."""

from __future__ import annotations

import hashlib
import html as htmllib
import re
import unicodedata

import lxml.html

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote", "pre"}
_SKIP = {"script", "style", "noscript", "template"}
_SPACES = re.compile(r"[ \t\f\v]+")
_LINE_EDGES = re.compile(r"[^\S\n]*\n[^\S\n]*")  # what str.strip() removes around each line break
_BLANKS = re.compile(r"\n{3,}")


def html_to_text(markup: str | None) -> str:
    """Render an HTML fragment (e.g. a JobPosting description) as text with paragraph breaks.

    Plain text passes through unchanged apart from entity decoding, because
    JSON-LD descriptions are HTML on some sites and text on others.
    """
    if not markup:
        return ""
    if "<" not in markup:
        return normalize_space(htmllib.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, AssertionError, IndexError, lxml.etree.ParserError):
        # lxml asserts (IndexError under -O) on a fragment with no body, e.g. a bare "<html lang='es'>"
        return normalize_space(htmllib.unescape(markup))
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            if el.tail:
                parts.append(el.tail)
            return
        block = el.tag in _BLOCK
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return normalize_space("".join(parts))


def normalize_space(text: str) -> str:
    """Collapse runs of spaces, keep single line breaks and at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    # whole text at once: per-line substitutions cost a regex call per line of every ad
    text = _SPACES.sub(" ", text)
    text = _LINE_EDGES.sub("\n", text)
    return _BLANKS.sub("\n\n", text).strip()


def main_text(html: str, url: str | None = None) -> str:
    """Main text of a page with trafilatura (boilerplate removed); "" when none is found."""
    import trafilatura  # heavy import: only the classifieds/feed fallbacks need it

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True, favor_recall=True)
    return normalize_space(text or "")


def content_hash(title: str | None, text: str | None) -> str:
    """sha256 hex of the normalised ``title + "\\n" + text``.

    Normalised: Unicode NFKC, lower case, whitespace collapsed, so that a page
    re-rendered with other spacing does not look like a changed ad.
    """
    def norm(s: str | None) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s or "")).strip().lower()

    return hashlib.sha256(f"{norm(title)}\n{norm(text)}".encode()).hexdigest()

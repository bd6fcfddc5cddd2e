"""A generated job board of N distinct ads for the growth benchmark (``benchmarks/growth.py``).

Every ad is a new mix of sentences from the project's own labelled ads
(``data/labelled``: written for the project, ours to reuse), with its own
salary, phone and reference number, so texts never repeat: an embedding or
score cache cannot make the benchmark look faster than real crawling. Pages
carry schema.org JobPosting JSON-LD like real boards; listings hold 50 links
and a rel=next link. Files are written once per size; a 100,000-ad board is
about 0.5 GB of small files.
"""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_PAGE = 50
CITIES = {"CO": "Bogotá", "MX": "Ciudad de México", "PE": "Lima", "BR": "São Paulo", "US": "Houston",
          "ES": "Madrid", "EC": "Quito", "AR": "Buenos Aires"}
PAGE = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        "<body>{body}</body></html>\n")


def _sentences() -> dict[str, list[tuple[str, str]]]:
    """Sentences of the labelled ads per language, with each ad's country."""
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((ROOT / "data" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for s in re.split(r"(?<=[.!?])\s+|\n+", row["text"]):
                if 25 <= len(s) <= 400:
                    out.setdefault(row["lang"], []).append((s.strip(), row.get("country", "CO")))
    return out


def _ad(i: int, pool: dict[str, list[tuple[str, str]]], rnd: random.Random) -> dict:
    lang = rnd.choices(("es", "en", "pt"), weights=(7, 2, 1))[0]
    picked = rnd.sample(pool[lang], k=min(len(pool[lang]), rnd.randint(4, 12)))
    country = picked[0][1]
    title = re.sub(r"[^\w ]", "", picked[0][0])[:60].strip() or f"Vacante {i}"
    text = " ".join(s for s, _ in picked)
    text += (f"\n\nRef. {i:07d}. Salario {rnd.randrange(900, 4000) * 1000:,} mensuales. "
             f"Informes al +57 555 {rnd.randrange(1000000, 9999999)}.")
    return {"id": f"g{i:07d}", "lang": lang, "country": country, "title": f"{title} ({i})", "text": text}


def build_site(out: Path, n: int, rnd: random.Random) -> str:
    """Write a board of ``n`` ads under ``out``; return the first listing's path."""
    pool = _sentences()
    paths: list[tuple[str, str]] = []
    for i in range(n):
        ad = _ad(i, pool, rnd)
        path = f"/jobs/{i // 1000:03d}/{ad['id']}.html"
        ld = {"@context": "https://schema.org", "@type": "JobPosting", "title": ad["title"],
              "description": ad["text"], "datePosted": f"2026-11-{1 + i % 28:02d}", "url": "{{BASE}}" + path,
              "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                                                            "addressLocality": CITIES.get(ad["country"], ""),
                                                            "addressCountry": ad["country"]}}}
        head = (f'<link rel="canonical" href="{path}"><script type="application/ld+json">'
                + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>")
        body = (f"<article><h1>{html.escape(ad['title'])}</h1><div class=\"description\"><p>"
                + html.escape(ad["text"]).replace("\n\n", "</p><p>") + "</p></div></article>")
        _write(out / path.lstrip("/"), PAGE.format(lang=ad["lang"], title=html.escape(ad["title"]), head=head, body=body))
        paths.append((path, ad["title"]))
    pages = [paths[k:k + PER_PAGE] for k in range(0, len(paths), PER_PAGE)]
    for p, chunk in enumerate(pages, 1):
        items = "".join(f'<li><a href="{u}">{html.escape(t)}</a></li>' for u, t in chunk)
        nav = f'<a rel="next" class="next" href="/jobs/page/{p + 1}.html">Siguiente</a>' if p < len(pages) else ""
        _write(out / "jobs" / "page" / f"{p}.html",
               PAGE.format(lang="es", title=f"Empleos {p}", head="", body=f"<h1>Empleos – página {p}</h1><ul>{items}</ul>{nav}"))
    _write(out / "robots.txt", "User-agent: *\nAllow: /\n")
    return "/jobs/page/1.html"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

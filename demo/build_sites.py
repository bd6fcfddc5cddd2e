"""Generate the demo sites under demo/sites/ from data/labelled/*.jsonl (deterministic).

Run ``python -m demo.build_sites`` after changing the labelled data or
``demo/networks.jsonl``; the output is committed. ``networks.jsonl`` adds
recruiter networks as investigators meet them (all invented): one WhatsApp
number behind ads on both sites in three cities, one Telegram handle reused on
both sites and in two languages, an Instagram/TikTok-fronted webcam studio,
each with near-identical texts (a few words, the city or the salary changed). ``{{BASE}}`` in generated files is replaced by the server with
the site's base URL (sitemaps, robots.txt and feeds need absolute URLs).
``build(out, n_jobs, n_classifieds, copies)`` also makes large sites for
benchmarks (``copies`` repeats the ads with new ids).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import shutil
import unicodedata
from pathlib import Path

from crawler.extract.salary import find_salary

ROOT = Path(__file__).resolve().parents[1]
DATA = sorted((ROOT / "data" / "labelled").glob("*.jsonl"))
NETWORKS = Path(__file__).parent / "networks.jsonl"
OUT = Path(__file__).parent / "sites"
PER_PAGE = 12
START = dt.date(2026, 11, 1)
CITIES = {"CO": "Bogotá", "MX": "Ciudad de México", "BR": "São Paulo", "US": "Houston", "VE": "Caracas",
          "PE": "Lima", "GB": "London", "EC": "Quito", "PT": "Lisboa", "AR": "Buenos Aires", "ES": "Madrid", "CA": "Toronto"}
_ORG = re.compile(r"((?:[A-ZÁÉÍÓÚÑ][\w&'-]*\s){1,4}(?:S\.A\.S\.|S\.A\. de C\.V\.|S\.A\.|Ltda\.?|LTDA|Ltd\.?|Inc\.?|LLC|Lda\.?|GmbH|S\.L\.))")
_JOB_QUOTA = {("es", 0): 12, ("es", 1): 8, ("en", 0): 6, ("en", 1): 5, ("pt", 0): 5, ("pt", 1): 4}
_CLS_QUOTA = {("es", 0): 5, ("es", 1): 5, ("en", 0): 2, ("en", 1): 2, ("pt", 0): 3, ("pt", 1): 3}
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>{body}</body></html>
"""


def load_rows() -> list[dict]:
    """All labelled ads, sorted by id."""
    rows = [json.loads(line) for path in DATA for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(rows, key=lambda r: r["id"])


def pick(rows: list[dict], platforms: set[str], quota: dict) -> list[dict]:
    """First ads (by id) of each (lang, label) group up to its quota."""
    left, out = dict(quota), []
    for row in rows:
        key = (row["lang"], row["label"])
        if row["platform"] in platforms and left.get(key, 0) > 0:
            left[key] -= 1
            out.append(row)
    return out


def load_networks() -> list[dict]:
    """The invented recruiter-network ads (each names its ``site`` and ``city``)."""
    return [json.loads(line) for line in NETWORKS.read_text(encoding="utf-8").splitlines() if line.strip()]


def city_of(row: dict) -> str:
    """The ad's own city when it names one (network ads), else the country's demo city."""
    return row.get("city") or CITIES.get(row["country"], "")


def title_of(row: dict) -> str:
    """The ad title, or its first line cut at 70 characters for untitled posts."""
    if row["title"].strip():
        return row["title"].strip()
    first = re.sub(r"[^\w\s¿?¡!.,:$%-]", "", row["text"].strip().split("\n")[0]).strip()
    return (first[:70].rsplit(" ", 1)[0] if len(first) > 70 else first) or row["id"]


def slug(row: dict) -> str:
    """URL slug: ascii title words plus the ad id (unique)."""
    s = unicodedata.normalize("NFKD", title_of(row)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:50].strip("-")
    return f"{s}-{row['id']}"


def paragraphs(text: str) -> str:
    """Text as HTML paragraphs with line breaks."""
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p.strip())


def job_posting(row: dict, i: int, path: str) -> dict:
    """schema.org JobPosting for one ad (employer and salary only when the text names them)."""
    posted = START + dt.timedelta(days=i % 28)
    country = row["country"]
    data = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": title_of(row),
        "description": paragraphs(row["text"]), "datePosted": posted.isoformat(),
        "validThrough": (posted + dt.timedelta(days=120)).isoformat() + "T23:59:00Z",
        "employmentType": "PART_TIME" if re.search(r"medio tiempo|part[- ]time|meio per[ií]odo", row["text"], re.I) else "FULL_TIME",
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": city_of(row), "addressCountry": country}},
        "url": "{{BASE}}" + path,
    }
    org = _ORG.search(row["text"])
    if org:
        data["hiringOrganization"] = {"@type": "Organization", "name": org.group(1).strip().rstrip(",")}
    sal = find_salary(row["text"], country)
    if sal and sal.amount:
        value = {"@type": "QuantitativeValue", "value": sal.amount}
        if sal.period:
            value["unitText"] = sal.period.upper()
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": sal.currency, "value": value}
    return data


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sitemap(urls: list[str]) -> str:
    locs = "".join(f"<url><loc>{{{{BASE}}}}{u}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n'


def listing(prefix: str, rows: list[dict], paths: list[str], lang: str, title: str, extra: str = "") -> dict[str, str]:
    """Paginated listing pages ``{prefix}{n}.html`` with 'next' links; returns path -> html."""
    pages = {}
    chunks = [list(zip(rows, paths))[i:i + PER_PAGE] for i in range(0, len(rows), PER_PAGE)]
    for n, chunk in enumerate(chunks, 1):
        items = "".join(f'<li class="ad"><a class="ad-link" href="{p}">{html.escape(title_of(r))}</a> '
                        f'<span class="city">{city_of(r)}</span></li>\n' for r, p in chunk)
        nav = f'<a class="next" rel="next" href="{prefix}{n + 1}.html">Siguiente »</a>' if n < len(chunks) else ""
        body = f"<h1>{title} – página {n}</h1>{extra if n == 1 else ''}<ul class=\"ads\">\n{items}</ul><nav>{nav}</nav>"
        pages[f"{prefix}{n}.html"] = PAGE.format(lang=lang, title=f"{title} {n}", head="", body=body)
    return pages


def build_jobs(out: Path, rows: list[dict], manifest: list[dict]) -> None:
    paths = [f"/jobs/{slug(r)}.html" for r in rows]
    for i, (row, path) in enumerate(zip(rows, paths)):
        ld = json.dumps(job_posting(row, i, path), ensure_ascii=False, indent=1).replace("</", "<\\/")
        head = f'<link rel="canonical" href="{path}"><script type="application/ld+json">\n{ld}\n</script>'
        body = (f'<article data-ad-id="{row["id"]}"><h1>{html.escape(title_of(row))}</h1>'
                f'<div class="description">{paragraphs(row["text"])}</div></article><a href="/jobs/page/1.html">Volver</a>')
        write(out / path.lstrip("/"), PAGE.format(lang=row["lang"], title=html.escape(title_of(row)), head=head, body=body))
        manifest.append({"id": row["id"], "site": "jobs", "path": path, "label": row["label"], "lang": row["lang"], "country": row["country"]})
    private = '<p><a href="/private/applicants.html">Candidatos (interno)</a> · <a href="/about.html">Quiénes somos</a></p>'
    for path, page in listing("/jobs/page/", rows, paths, "es", "Empleos", private).items():
        write(out / path.lstrip("/"), page)
    write(out / "index.html", PAGE.format(lang="es", title="Bolsa de empleo demo", head="", body='<a href="/jobs/page/1.html">Ver empleos</a>'))
    write(out / "about.html", PAGE.format(lang="es", title="Quiénes somos", head="", body="<p>Bolsa de empleo de demostración de anzuelo.</p>"))
    # never to be fetched: disallowed by robots.txt but linked from the listing
    secret = {"@context": "https://schema.org", "@type": "JobPosting", "title": "PRIVATE – must never be crawled", "description": "private", "datePosted": "2026-11-01"}
    write(out / "private/applicants.html", PAGE.format(lang="es", title="private", head=f'<script type="application/ld+json">{json.dumps(secret)}</script>', body="<p>private</p>"))
    write(out / "robots.txt", "User-agent: *\nDisallow: /private/\n\nSitemap: {{BASE}}/sitemap.xml\n")
    write(out / "sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
          "<sitemap><loc>{{BASE}}/sitemap-jobs.xml</loc></sitemap>\n</sitemapindex>\n")
    write(out / "sitemap-jobs.xml", sitemap(paths))
    items = "".join(
        f"<item><title>{html.escape(title_of(r))}</title><link>{{{{BASE}}}}{p}</link><guid>{{{{BASE}}}}{p}</guid>"
        f"<pubDate>{(START + dt.timedelta(days=i % 28)).strftime('%a, %d %b %Y')} 12:00:00 +0000</pubDate>"
        f"<description>{html.escape(r['text'][:200])}</description></item>\n"
        for i, (r, p) in enumerate(zip(rows, paths)) if i >= len(rows) - 20)
    write(out / "feed.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Empleos demo</title>'
          f"<link>{{{{BASE}}}}/</link><description>Últimos empleos</description>\n{items}</channel></rss>\n")


def build_classifieds(out: Path, rows: list[dict], manifest: list[dict]) -> None:
    from crawler.extract.contacts import extract_contacts

    paths = [f"/ad/{slug(r)}.html" for r in rows]
    for i, (row, path) in enumerate(zip(rows, paths)):
        c = extract_contacts(row["text"], row["country"])
        handles = [t if t.startswith("t.me/") else "@" + t for t in c.telegram]
        contact = (c.whatsapp + c.phones + c.emails + handles + [""])[0]
        date = (START + dt.timedelta(days=i % 28)).isoformat()
        body = (f'<div class="ad" data-ad-id="{row["id"]}"><h1 class="ad-title">{html.escape(title_of(row))}</h1>'
                f'<p class="meta"><span class="ad-city">{city_of(row)}</span> · <time class="ad-date" datetime="{date}">{date}</time></p>'
                f'<div class="ad-body">{paragraphs(row["text"])}</div>'
                + (f'<p class="ad-contact">Contacto: {html.escape(contact)}</p>' if contact else "")
                + '</div><a href="/c/empleo/1.html">Volver</a>')
        write(out / path.lstrip("/"), PAGE.format(lang=row["lang"], title=html.escape(title_of(row)), head="", body=body))
        manifest.append({"id": row["id"], "site": "classifieds", "path": path, "label": row["label"], "lang": row["lang"], "country": row["country"]})
    for path, page in listing("/c/empleo/", rows, paths, "es", "Clasificados: empleo").items():
        write(out / path.lstrip("/"), page)
    write(out / "index.html", PAGE.format(lang="es", title="Clasificados demo", head="",
          body='<ul><li><a href="/c/empleo/1.html">Empleo</a></li><li><a href="/admin/users.html">Admin</a></li></ul>'))
    write(out / "admin/users.html", PAGE.format(lang="es", title="admin", head="", body="<p>private admin page</p>"))
    write(out / "robots.txt", "User-agent: *\nDisallow: /admin/\n\nSitemap: {{BASE}}/sitemap.xml\n")
    write(out / "sitemap.xml", sitemap(paths))


def build(out: Path = OUT, copies: int = 1) -> list[dict]:
    """Write both sites and manifest.json under ``out``; ``copies`` > 1 repeats ads (benchmarks)."""
    rows = load_rows()
    jobs = pick(rows, {"job_board"}, _JOB_QUOTA)
    cls = pick(rows, {"classifieds", "social_post"}, _CLS_QUOTA)
    networks = load_networks()
    jobs += [r for r in networks if r["site"] == "jobs"]
    cls += [r for r in networks if r["site"] == "classifieds"]
    if copies > 1:
        jobs = [dict(r, id=f"{r['id']}-c{k}") for k in range(copies) for r in jobs]
    if out.exists():
        shutil.rmtree(out)
    manifest: list[dict] = []
    build_jobs(out / "jobs", jobs, manifest)
    build_classifieds(out / "classifieds", cls, manifest)
    write(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--copies", type=int, default=1, help="repeat the job ads (benchmark sites)")
    args = parser.parse_args()
    manifest = build(args.out, args.copies)
    print(f"{len(manifest)} ads written to {args.out}")


if __name__ == "__main__":
    main()

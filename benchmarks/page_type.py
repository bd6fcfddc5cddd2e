"""Page type on the real-markup fixtures: the confusion of ``crawler.extract.pagetype`` and what each spider yields.

Runs the generic spiders' real parse code on every page of
``tests/fixtures/real/manifest.toml`` (each page's bytes with its HTTP
charset, at the URL it pretends to come from) and prints the confusion
(expected type x decided type), ad recall, listings taken as ads, what
each generic spider yields (ad pages with an item, exactly one item with the
expected title and text, duplicates, items from non-ad pages, URL titles), and
per page the decision with its reasons when ``-v`` is given. Exit 1 when a page
is misjudged (ad taken for non-ad or the reverse).

    .venv/bin/python benchmarks/page_type.py [-v] [--stress]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


#: Markup added before </body> by --stress: what real pages carry around an ad or a list.
STRESS = {
    "seo_text": "<div class='seo'><p>" + " ".join(["Encuentra las mejores ofertas de empleo y trabajo en tu ciudad "
                                                     "con las empresas que contratan hoy."] * 8) + "</p></div>",
    "link_footer": "<div id='pie'><ul class='seo-links'>" + "".join(
        f"<li><a href='/empleos-en-ciudad-{i}'>Empleos en Ciudad número {i}</a></li>" for i in range(60)) + "</ul></div>",
    "mega_menu": "<div class='menu'><ul class='menu-list'>" + "".join(
        f"<li class='menu-item'><a href='/categoria/{i}'><i class='icon'></i><span>Categoría {i}</span></a></li>"
        for i in range(40)) + "</ul></div>",
    "related_ads": "<section class='rel'><h2>Otros anuncios</h2><div class='grid'>" + "".join(
        f"<div class='card'><a href='/otros/anuncio-{i}-x/{9000000 + i}'><h3>Otro anuncio {i}</h3><p>Ciudad</p></a></div>"
        for i in range(10)) + "</div></section>",
}


def stress(pages: list[dict]) -> None:
    """Each ad and listing page with each STRESS block added (no SEO text under ads): how many keep their type."""
    from scrapy.http import HtmlResponse

    from crawler.extract.identity import description_words, merge_postings
    from crawler.extract.jobposting import find_job_postings
    from crawler.extract.pagetype import PageTypeConfig, classify_page
    from tests.fixtures.real import response

    config = PageTypeConfig()
    print("\nstress (added markup: pages keeping their ad / not-ad decision)")
    for name, extra in STRESS.items():
        for kind in ("ad", "listing"):
            if name == "seo_text" and kind == "ad":
                continue
            group = [p for p in pages if p["type"] == kind]
            ok, failed = 0, []
            for page in group:
                text = response(page).text
                text = text.replace("</body>", extra + "</body>") if "</body>" in text else text + extra
                resp = HtmlResponse(page["url"], body=text.encode("utf-8"), encoding="utf-8")
                postings = merge_postings(find_job_postings(resp.text, resp.url), resp.url)
                rich = sum(description_words(p) >= config.thin_description_words for p in postings)
                decided = classify_page(resp, config, len(postings), rich).kind
                if (decided == "ad") == (kind == "ad"):
                    ok += 1
                else:
                    failed.append(page["file"])
            print(f"  {name:12} {kind:8} {ok}/{len(group)}" + (f"  (wrong: {', '.join(failed)})" if failed else ""))


def main() -> int:
    from tests.fixtures.real import load_manifest, run_page

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per page with the reasons")
    parser.add_argument("--stress", action="store_true", help="also add SEO text, link footers, menus, related ads")
    args = parser.parse_args()
    pages = load_manifest()
    confusion: Counter[tuple[str, str]] = Counter()
    holdout: Counter[tuple[str, str]] = Counter()  # pages written after the thresholds were fixed
    bad = []
    per_spider: dict[str, Counter[str]] = {"jobposting": Counter(), "classifieds": Counter()}
    for page in pages:
        result = run_page(page)
        for name, items in (("jobposting", result.jobposting), ("classifieds", result.classifieds)):
            c = per_spider[name]
            if page["type"] == "ad":
                c["ad pages"] += 1
                c["ad pages with an item"] += bool(items)
                c["exactly one right item"] += (len(items) == 1 and items[0].title == page["title"]
                                                and page["phrase"] in items[0].text)
                c["pages with >1 item"] += len(items) > 1
            else:
                c["non-ad pages"] += 1
                c["non-ad pages giving items"] += bool(items)
            c["URL titles"] += sum(i.title.startswith(("http://", "https://", "/")) for i in items)
        confusion[(page["type"], result.kind.kind)] += 1
        if page.get("holdout"):
            holdout[(page["type"], result.kind.kind)] += 1
        ok = (result.kind.kind == "ad") == (page["type"] == "ad")
        if args.verbose or not ok:
            mark = "  " if ok else "!!"
            print(f"{mark} {page['file']:42} {page['type']:7} -> {result.kind.kind:7} ad={result.kind.ad_points} "
                  f"listing={result.kind.listing_points} {' '.join(result.kind.reasons)}")
        if not ok:
            bad.append(page["file"])
    kinds = ("ad", "listing", "other")
    print(f"\n{len(pages)} pages from {len({p['site'] for p in pages})} sites; rows expected, columns decided")
    print(f"{'':10}" + "".join(f"{k:>9}" for k in kinds))
    for exp in kinds:
        print(f"{exp:10}" + "".join(f"{confusion[(exp, k)]:>9}" for k in kinds))
    ads = sum(v for (e, _), v in confusion.items() if e == "ad")
    hit = confusion[("ad", "ad")]
    taken = sum(v for (e, d), v in confusion.items() if e != "ad" and d == "ad")
    print(f"ad recall {hit}/{ads} = {hit / max(ads, 1):.3f}; ad precision {hit}/{hit + taken} = {hit / max(hit + taken, 1):.3f}; "
          f"non-ad pages taken as ads: {taken}")
    if holdout:
        n, ads = sum(holdout.values()), sum(v for (e, _), v in holdout.items() if e == "ad")
        taken = sum(v for (e, d), v in holdout.items() if e != "ad" and d == "ad")
        print(f"holdout (written after the thresholds were fixed): {n} pages, ad recall {holdout[('ad', 'ad')]}/{ads}, "
              f"non-ad pages taken as ads {taken}/{n - ads}")
    for name, c in per_spider.items():
        print(f"{name:12} ad pages with an item {c['ad pages with an item']}/{c['ad pages']}, exactly one right item "
              f"{c['exactly one right item']}/{c['ad pages']}, pages with >1 item {c['pages with >1 item']}; non-ad pages "
              f"giving items {c['non-ad pages giving items']}/{c['non-ad pages']}; URL titles {c['URL titles']}")
    if args.stress:
        stress(pages)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

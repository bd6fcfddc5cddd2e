"""Page type on the real-markup fixtures: the confusion of ``crawler.extract.pagetype`` and what each spider yields.

Runs the generic spiders' real parse code on every page of
``tests/fixtures/real/manifest.toml`` (each page's bytes with its HTTP
charset, at the URL it pretends to come from) and prints the confusion
(expected type x decided type), ad recall, listings taken as ads, what
each generic spider yields (ad pages with an item, exactly one item with the
expected title and text, duplicates, items from non-ad pages, URL titles), and
per page the decision with its reasons when ``-v`` is given. Exit 1 when a page
is misjudged (ad taken for non-ad or the reverse).

    .venv/bin/python benchmarks/page_type.py [-v]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from tests.fixtures.real import load_manifest, run_page

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per page with the reasons")
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
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

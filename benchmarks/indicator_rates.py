"""Rule indicators on real legitimate postings (fire rate) and on the labelled ads (precision/recall).

    .venv/bin/python benchmarks/indicator_rates.py [--real ../shared/data/real/postings.jsonl]
        [--out results.json] [--before earlier.json] [--time 300]

Fire rate = share of the real legitimate postings on which an indicator fires
(scored text ``title + "\\n" + text``, with the row's ``employer`` and
``country``), overall and per board; every firing there is a false alarm.
P/R = precision and recall of each indicator against the gold tags of
``data/labelled/*.jsonl``. ``--before`` prints a JSON written earlier with
``--out`` (e.g. from the previous commit) side by side. ``--time N`` also
times the rules on N real postings (ms per ad, best of 3). The real postings
are third-party texts: they are read from ``../shared`` and never copied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real" / "postings.jsonl"
LIMIT = 0.10  # the ceiling on a fire rate on legitimate postings


def scored(row: dict) -> str:
    title = row.get("title") or ""
    return f"{title}\n{row['text']}" if title.strip() else row["text"]


def measure(real_path: Path) -> dict:
    from nlp.evaluate import load_labelled
    from nlp.indicator_rates import fired_indicators, prf_from_sets, rates_from_sets

    rows = [json.loads(x) for x in real_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts, langs = [scored(r) for r in rows], [r["lang"] for r in rows]
    fired = fired_indicators(texts, langs, [r.get("employer") for r in rows], [r.get("country") for r in rows])
    no_emp = fired_indicators(texts, langs, None, [r.get("country") for r in rows])
    by_source: dict[str, list] = defaultdict(list)
    for r, f in zip(rows, fired):
        by_source[r["source"]].append(f)
    lab = load_labelled()
    lab_fired = fired_indicators([scored(r) for r in lab], [r["lang"] for r in lab], None, [r.get("country") for r in lab])
    return {"real_n": len(rows), "real": rates_from_sets(fired),
            "real_without_employer_field": rates_from_sets(no_emp),
            "by_source": {s: {"n": len(v), "rates": rates_from_sets(v)} for s, v in sorted(by_source.items())},
            "labelled_n": len(lab), "labelled": prf_from_sets(lab_fired, [r.get("indicators") or [] for r in lab])}


def time_rules(real_path: Path, n: int) -> float:
    """Best-of-3 milliseconds per ad of ``nlp.pipeline.analyse`` on ``n`` real postings."""
    from nlp.pipeline import analyse

    rows = [json.loads(x) for x in real_path.read_text(encoding="utf-8").splitlines() if x.strip()][:n]
    for r in rows[:20]:
        analyse(scored(r), r["lang"], country=r.get("country"), employer=r.get("employer"))  # warm-up
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for r in rows:
            analyse(scored(r), r["lang"], country=r.get("country"), employer=r.get("employer"))
        best = min(best, time.perf_counter() - t)
    return 1000 * best / len(rows)


def report(res: dict, before: dict | None) -> None:
    from nlp.features import INDICATOR_NAMES

    b = before or {}
    print(f"Indicators on {res['real_n']} real legitimate postings (fire rate) and {res['labelled_n']} labelled ads (P/R)")
    head = f"{'indicator':24} {'fire':>6} {'no-emp':>6} {'P':>5} {'R':>5} {'sup':>4}"
    if before:
        head += f" | {'fire0':>6} {'P0':>5} {'R0':>5} {'dR':>6}"
    print(head)
    for name in INDICATOR_NAMES:
        lab = res["labelled"][name]
        line = (f"{name:24} {res['real'][name]:6.3f} {res['real_without_employer_field'][name]:6.3f} "
                f"{lab['precision']:5.2f} {lab['recall']:5.2f} {lab['support']:4d}")
        if before:
            l0 = b["labelled"][name]
            line += f" | {b['real'][name]:6.3f} {l0['precision']:5.2f} {l0['recall']:5.2f} {lab['recall'] - l0['recall']:+6.3f}"
        print(line + ("  > 10%" if res["real"][name] > LIMIT else ""))
    print("\nfire rate per board (indicators above 0.05 on that board)")
    for source, v in res["by_source"].items():
        top = sorted(((r, n) for n, r in v["rates"].items() if r > 0.05), reverse=True)
        print(f"  {source[:40]:40} n={v['n']:4d}  " + ", ".join(f"{n} {r:.2f}" for r, n in top))


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL, help="real legitimate postings JSONL [../shared/...]")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--before", type=Path, help="a JSON written earlier with --out, shown side by side")
    ap.add_argument("--time", type=int, default=0, metavar="N", help="also time the rules on N real postings")
    a = ap.parse_args(argv)
    if not a.real.is_file():
        sys.exit(f"real postings not found at {a.real}: check out ../shared next to the repo or pass --real FILE")
    res = measure(a.real)
    if a.time:
        res["rules_ms_per_ad"] = round(time_rules(a.real, a.time), 2)
        print(f"rules: {res['rules_ms_per_ad']} ms/ad on {a.time} real postings (best of 3)")
    report(res, json.loads(a.before.read_text()) if a.before else None)
    if a.out:
        a.out.write_text(json.dumps(res, indent=1) + "\n")
    return res


if __name__ == "__main__":
    main()

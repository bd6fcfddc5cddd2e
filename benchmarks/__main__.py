"""Run the benchmarks, all or a named subset, and record the run in BENCHMARKS.md.

    .venv/bin/python -m benchmarks                 # every benchmark, default sizes
    .venv/bin/python -m benchmarks score crawl     # a named subset
    .venv/bin/python -m benchmarks --quick         # smaller sizes (minutes, not an hour)
    .venv/bin/python -m benchmarks --list          # names, commands, what each needs
    .venv/bin/python -m benchmarks --no-write      # print only, leave BENCHMARKS.md alone

Each benchmark is its own script under ``benchmarks/`` (runnable alone, with
``--help``), run here as a child process so one crash or one leaked engine
does not take the others with it. The run is written between the markers
``<!-- bench:run -->`` and ``<!-- /bench:run -->`` at the top of BENCHMARKS.md:
the machine (cores, memory, load, versions), the date, the commit, and per
benchmark its command, exit status, wall time and the tables it printed. The
hand-written sections below the markers (history, before/after, choices) are
left as they are. Exit status: 0 when every benchmark ran, 1 when one failed,
2 for an unknown name; a benchmark whose
third-party data (``../shared``) is absent is skipped and says so.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.registry import BENCHES, Bench, machine_lines

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:run -->", "<!-- /bench:run -->"


def run_one(bench: Bench, quick: bool, timeout: float) -> dict:
    """Run one benchmark script; return its command, status, wall time and output."""
    cmd = bench.command(quick)
    t0 = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        rc, out = proc.returncode, proc.stdout + (f"\n[stderr tail]\n{proc.stderr[-2000:]}" if proc.returncode else "")
    except subprocess.TimeoutExpired as exc:
        rc, out = 124, f"timed out after {timeout:.0f} s\n{(exc.stdout or b'')[-4000:]!r}"
    return {"name": bench.name, "cmd": " ".join(cmd[1:]), "rc": rc, "wall_s": time.monotonic() - t0, "out": out}


def render(results: list[dict], quick: bool) -> str:
    """The Markdown block written between the markers."""
    lines = [START, "## Latest run of `python -m benchmarks`" + (" (--quick)" if quick else ""), ""]
    lines += machine_lines() + [""]
    lines += ["| benchmark | command | status | wall |", "|---|---|---|---|"]
    for r in results:
        status = "skipped" if r["rc"] is None else "ok" if r["rc"] == 0 else f"failed (exit {r['rc']})"
        lines.append(f"| {r['name']} | `.venv/bin/python {r['cmd']}` | {status} | {r['wall_s']:.0f} s |")
    for r in results:
        lines += ["", f"### {r['name']}", "", "```", r["out"].strip()[-6000:], "```"]
    return "\n".join(lines + ["", END])


def write_doc(block: str) -> None:
    """Replace the marked block in BENCHMARKS.md (or insert it after the title)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        title, _, body = text.partition("\n")
        text = f"{title}\n\n{block}\n{body}"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="benchmarks: " + ", ".join(b.name for b in BENCHES))
    ap.add_argument("names", nargs="*", help="benchmarks to run [default: all]")
    ap.add_argument("--quick", action="store_true", help="smaller sizes: a smoke run, not figures to quote")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and their commands, run nothing")
    ap.add_argument("--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per benchmark [3600]")
    args = ap.parse_args(argv)
    by_name = {b.name: b for b in BENCHES}
    unknown = [n for n in args.names if n not in by_name]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(by_name)}", file=sys.stderr)
        return 2
    chosen = [by_name[n] for n in args.names] if args.names else list(BENCHES)
    if args.list:
        for b in chosen:
            print(f"{b.name:14} {' '.join(b.command(args.quick)[1:])}\n{'':14} {b.about}")
        return 0
    results = []
    for i, b in enumerate(chosen, 1):
        print(f"[{i}/{len(chosen)}] {b.name}: {' '.join(b.command(args.quick)[1:])}", flush=True)
        missing = [str(p) for p in b.needs if not p.exists()]
        if missing:  # third-party data read in place: absent on a fresh clone without ../shared
            r = {"name": b.name, "cmd": " ".join(b.command(args.quick)[1:]), "rc": None, "wall_s": 0.0,
                 "out": f"skipped: needs {', '.join(missing)}"}
        else:
            r = run_one(b, args.quick, args.timeout)
        verdict = "skipped" if r["rc"] is None else "ok" if r["rc"] == 0 else "FAILED"
        print(r["out"].rstrip() + f"\n-> {verdict} in {r['wall_s']:.0f} s\n", flush=True)
        results.append(r)
    if not args.no_write:
        write_doc(render(results, args.quick))
        print(f"recorded in {DOC.relative_to(ROOT)}")
    return 0 if all(r["rc"] in (0, None) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

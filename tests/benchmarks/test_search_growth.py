"""``benchmarks/search_latency.py --sizes``: one index grown through sizes, a row and a JSON record per size."""

from __future__ import annotations

import json

import pytest

from benchmarks import search_latency
from benchmarks.search_growth import parse_sizes


@pytest.mark.parametrize("text, sizes", [("100000,1000000", [100_000, 1_000_000]), ("1_000, 5000,", [1000, 5000]),
                                         ("300", [300])])
def test_search_growth_parse_sizes_reads_increasing_sizes(text, sizes):
    assert parse_sizes(text) == sizes


@pytest.mark.parametrize("text", ["1000,500", "0,10", "10,10", "ten", ""])
def test_search_growth_bad_sizes_exit_2_with_an_example(text, capsys):
    with pytest.raises(SystemExit) as exc:
        search_latency.main(["--engine-url", "http://127.0.0.1:9", "--sizes", text])
    assert exc.value.code == 2
    assert "e.g. 100000,1000000" in capsys.readouterr().err


@pytest.mark.integration
def test_search_growth_grows_one_index_and_records_every_size(engine_url, tmp_path, capsys):
    out = tmp_path / "growth.json"
    argv = ["--engine-url", engine_url, "--sizes", "300,800", "--requests", "12", "--chunk", "150", "--out", str(out)]
    assert search_latency.main(argv) == 0
    rep = json.loads(out.read_text(encoding="utf-8"))
    rows = rep["rows"]
    assert [r["docs"] for r in rows] == [300, 800]
    assert [r["indexed"] for r in rows] == [300, 500]  # grown, not rebuilt
    assert all(r["failed"] == 0 and r["pri_store_mb"] > 0 and r["segments"] >= 1 for r in rows)
    assert all(r["api_p95_ms"] >= r["api_p50_ms"] > 0 and r["hits_mean"] > 0 for r in rows)
    assert all(0 < r["search_heap"]["heap_peak_mb"] <= r["search_heap"]["heap_max_mb"] for r in rows)
    assert rows[1]["hits_mean"] > rows[0]["hits_mean"]  # same queries over more ads
    assert (tmp_path / "growth.png").stat().st_size > 1000
    table = capsys.readouterr().out
    assert "| 300 |" in table and "| 800 |" in table

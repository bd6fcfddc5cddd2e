"""`anzuelo runs` text table: one line a run, with the run record's drift verdict."""

from __future__ import annotations

from anzuelo.cli.schedule import runs_table


def test_runs_table_says_which_runs_found_their_source_drifting():
    rows = [
        {"started": "2026-12-04T10:00:00Z", "source": "board-a", "pages": 120, "new": 7, "finish_reason": "finished",
         "drift": {"flagged": [{"source": "board-a", "psi": 0.41}], "this_source_flagged": True}},
        {"started": "2026-12-04T09:00:00Z", "source": "board-b", "pages": 80, "finish_reason": "finished",
         "drift": {"flagged": [{"source": "board-a", "psi": 0.41}], "this_source_flagged": False}},
        {"started": "2026-12-03T09:00:00Z", "source": "board-c", "finish_reason": "finished",
         "drift": {"error": "engine unreachable"}},
        {"started": "2026-11-01T09:00:00Z", "source": "old-run", "finish_reason": "shutdown"},  # recorded before drift
    ]
    head, a, b, c, old = runs_table(rows)
    assert head.split()[-2:] == ["drift", "finish"]
    assert a.split()[-2:] == ["DRIFT", "finished"] and "board-a" in a and " 120 " in a
    assert b.split()[-2:] == ["ok", "finished"]
    assert c.split()[-2:] == ["?", "finished"]
    assert old.split()[-2:] == ["-", "shutdown"]

"""Seen-store: first_seen kept, last_seen refreshed, hashes forgotten, gone marked (never deleted)."""

from __future__ import annotations

from crawler.state import SeenStore


def test_store_keeps_first_seen_and_marks_unseen_gone(tmp_path):
    store = SeenStore.in_dir(tmp_path)
    store.upsert("u1", "s", "h1", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")
    store.upsert("u2", "s", "h2", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")
    store.upsert("x1", "other", "h3", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")
    # second crawl: u1 changed, u2 unseen
    store.upsert("u1", "s", "h1b", "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z")
    row = store.get("u1")
    assert row.first_seen == "2026-01-01T00:00:00.000Z" and row.last_seen == "2026-01-02T00:00:00.000Z"
    assert row.content_hash == "h1b"
    assert store.seen_since("s", "2026-01-02T00:00:00.000Z") == ["u1"]
    gone = store.mark_gone("s", "2026-01-02T00:00:00.000Z", "2026-01-02T01:00:00.000Z")
    assert gone == ["u2"]
    assert store.get("u2").status == "gone" and store.get("u2").gone_at == "2026-01-02T01:00:00.000Z"
    assert store.get("x1").status == "online"  # another source is untouched
    assert store.count("s") == 2  # gone, not deleted
    # back online when seen again
    store.touch(["u2"], "2026-01-03T00:00:00.000Z")
    assert store.get("u2").status == "online" and store.get("u2").gone_at is None
    store.close()


def test_store_forget_clears_hash_for_resend(tmp_path):
    store = SeenStore.in_dir(tmp_path)
    store.upsert("u1", "s", "h1", "t0", "t0")
    store.forget(["u1"])
    assert store.get("u1").content_hash == ""
    assert store.get("nope") is None
    store.close()

"""End of a distributed run: ads of the source not seen since the run started are gone.

Called by the one worker that ended the run (``Frontier.finish_run`` is true for exactly
one caller), so a source is marked once per run, as a single-machine crawl does in
``IncrementalPipeline.spider_closed``. Skipped when indexing is off, ``ANZUELO_MARK_GONE``
is False, or the run saw no ad (a site that was down must not make every ad gone).
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.pipelines.common import doc_id, now_iso, setting, source_name, state_dir
from crawler.state import open_seen_store

logger = logging.getLogger(__name__)


def finish(crawler: Any, started: str) -> int:
    """Mark the source's unseen ads gone in seen-store and engine; how many the engine marked."""
    source = source_name(crawler)
    if not setting(crawler, "INDEX_ENABLED") or not crawler.settings.getbool("ANZUELO_MARK_GONE", True):
        logger.info("run of %s finished: gone marking off", source)
        return 0
    store = open_seen_store(crawler.settings, state_dir(crawler))
    try:
        keep = [doc_id(u) for u in store.seen_since(source, started)]
        if not keep:
            logger.warning("run of %s finished without seeing an ad: not marking ads gone", source)
            return 0
        from crawler.pipelines.engine import open_client

        now = now_iso()
        gone_urls = store.mark_gone(source, started, now)
        client = open_client(crawler)
        try:
            count = int(client.mark_gone(source, keep, now=now))
        finally:
            client.close()
        crawler.stats.set_value("anzuelo/ads/gone", count)
        logger.info("run of %s finished: %d ads not seen marked gone (%d in the seen-store)", source, count, len(gone_urls))
        return count
    finally:
        store.close()

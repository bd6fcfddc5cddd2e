"""Scale-out on Redis: a shared frontier, shared state and cluster-wide politeness.

Off unless ``ANZUELO_FRONTIER_URL`` (``redis://...``) is set; the single-machine
path (one ``anzuelo crawl`` process, sqlite seen-store, JOBDIR) is untouched.

* ``frontier``     reliable per-source request queue, dupefilter and run control (Lua);
* ``serialize``    Scrapy requests <-> JSON (never pickle: Redis must not run code here);
* ``scheduler``    ``RedisScheduler``, the Scrapy scheduler of ``anzuelo worker``: leases,
  acks after a response's items are through the pipelines, renewal, expired-lease requeue;
* ``politeness``   per-site concurrency and delay for the whole cluster (downloader middleware);
* ``seenstore``    the seen-store on Redis plus the url+hash claim (no ad scored/indexed twice);
* ``indexwait``    holds a response's ack until its ads are written to the engine;
* ``lock``         one firing per cron slot across several ``anzuelo schedule`` processes;
* ``worker``       runs the workers' crawlers (``anzuelo worker``).
"""

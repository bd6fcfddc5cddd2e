"""Bundled offline demo sites: a job board with JobPosting data and a classifieds site.

``demo/build_sites.py`` generates ``demo/sites/`` from the labelled data;
``demo.server.DemoSites`` serves them on 127.0.0.1 (see demo/README.md).
"""

from pathlib import Path

#: Folder of the generated sites (committed).
SITES_DIR = Path(__file__).parent / "sites"

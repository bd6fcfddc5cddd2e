"""The investigators' workbench: search, link, label and export hits in a browser.

``create_app`` builds the FastAPI application (server-rendered pages plus a JSON
API). The workbench reads and writes through ``index`` only; it never imports
``nlp``, ``crawler`` or Scrapy.
"""

from workbench.app import create_app

__all__ = ["create_app"]

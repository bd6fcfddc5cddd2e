"""``chatexport``: the messages of a chat export as ads, through the crawl's own pipelines.

``anzuelo ingest FILE`` runs this spider so that an export is validated,
checked against the index (a message already indexed is dropped as
unchanged), scored, indexed and written to ``--output`` by exactly the code a
crawl uses. Nothing is fetched: ``start()`` yields the items. The file itself
is kept as evidence first: one WARC whose response body is the file's bytes
(payload digest = the file's SHA-256; target URI
``https://ingest.anzuelo.invalid/<sha256>/<file name>``), so the workbench
serves and verifies it like a page capture.

Drops (stats ``drop_item/chatexport/<reason>``): ``chitchat`` ("ok",
"gracias", emoji, fewer than ``min_chars`` letters and digits), ``system``,
``service``, ``deleted``, ``media_only``, ``empty``. Stat
``anzuelo/ingest/undecodable_lines`` counts lines with bytes that are not UTF-8.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.ingest.chatdates import to_utc
from crawler.ingest.files import ExportFile, read_export
from crawler.ingest.message import export_url, is_chitchat, message_item
from crawler.ingest.params import ChatExportParams
from crawler.spiders.base import AnzueloSpider


#: Host of the WARC target URI of an ingested file: WARC readers (warcio, the workbench) read HTTP
#: headers only for http(s) URIs, and .invalid (RFC 2606) can never name a real host.
EVIDENCE_HOST = "https://ingest.anzuelo.invalid"


def evidence_response(export: ExportFile) -> Any:
    """The export as a Scrapy response (body = the file's bytes, URI named after the file) for the WARC writer."""
    from urllib.parse import quote

    from scrapy.http import Request, Response

    uri = f"{EVIDENCE_HOST}/{export.sha256}/{quote(export.path.name)}"
    ctype = "application/json" if export.path.suffix.lower() == ".json" else "text/plain; charset=utf-8"
    if export.data[:4] == b"PK\x03\x04":
        ctype = "application/zip"
    headers = {"Content-Type": ctype, "X-Anzuelo-File": quote(export.path.name), "X-Anzuelo-File-Sha256": export.sha256}
    return Response(uri, status=200, body=export.data, headers=headers, request=Request(uri))


def file_evidence(folder: Path, source: str, export: ExportFile) -> dict[str, Any]:
    """Write the export as a WARC capture; the item's ``evidence`` dict (``sha256`` = the file's)."""
    from crawler.warc import write_evidence

    response = evidence_response(export)
    evidence = write_evidence(folder, source, response.request, response)
    evidence["file"] = export.path.name
    return evidence


def evidence_folder(settings: Any) -> Path:
    """Where captures go, as ``crawler.evidence.EvidenceMiddleware`` decides it."""
    folder = settings.get("ANZUELO_EVIDENCE_DIR") or Path(settings.get("ANZUELO_STATE_DIR", "crawl")) / "evidence"
    return Path(folder).expanduser()


class ChatExportSpider(AnzueloSpider):
    """A WhatsApp or Telegram Desktop export -> one ad per message."""

    name = "chatexport"
    params_model = ChatExportParams
    custom_settings = {
        # an export is a slice of a chat, never the whole of a "source": nothing is ever gone
        "ANZUELO_MARK_GONE": False,
        "ROBOTSTXT_OBEY": False,  # nothing is fetched
    }

    async def start(self):
        params: ChatExportParams = self.params  # type: ignore[assignment]
        export, chats = read_export(Path(params.file), params.chat, params.date_order)
        stats = self.crawler.stats
        evidence = None
        settings = self.crawler.settings
        if settings.getbool("ANZUELO_EVIDENCE_ENABLED", True):
            evidence = file_evidence(evidence_folder(settings), self.source, export)
            stats.inc_value("anzuelo/evidence/saved")
        if chats and chats[0].undecodable_lines:  # a count of the file's lines, shared by its chats
            stats.inc_value("anzuelo/ingest/undecodable_lines", chats[0].undecodable_lines)
        for parsed in chats:
            for reason, count in parsed.skipped.items():
                stats.inc_value(f"drop_item/{self.name}/{reason}", count)
            for msg in parsed.messages:
                if is_chitchat(msg.text, params.min_chars):
                    stats.inc_value(f"drop_item/{self.name}/chitchat")
                    continue
                url = export_url(parsed.kind, msg)  # from the time as exported: ids never depend on --timezone
                if params.timezone and msg.at:
                    msg.at = to_utc(msg.at, params.timezone)
                item = message_item(msg, url=url, source=self.source, spider=self.name, country=params.country,
                                    lang=params.lang, channel=parsed.chat,
                                    sender_is_whatsapp=parsed.kind == "whatsapp")
                item.evidence = dict(evidence) if evidence else None
                stats.inc_value(f"anzuelo/items/{self.name}")
                yield item

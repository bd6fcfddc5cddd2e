"""``anzuelo ingest``: chat exports (WhatsApp, Telegram Desktop) scored and indexed like a crawl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.cli.crawl import pipeline_options
from anzuelo.errors import InputError


#: Export kinds as the summary names them.
KINDS = {"whatsapp": "WhatsApp export", "telegram-export": "Telegram Desktop export"}


def _source(kind: str, chats: list[Any], path: Path) -> str:
    """Default source name: ``whatsapp:<chat>``, ``telegram-export:<chat or file>``.

    The chat name comes from the export, so separators and control characters are replaced.
    """
    from anzuelo.names import safe_label

    return f"{kind}:{safe_label(chats[0].chat if len(chats) == 1 else path.stem)}"


def _lines(summary: Any, path: Path, sha: str, chats: list[Any], evidence: Path | None, indexed: bool) -> list[str]:
    s = summary
    names = ", ".join(repr(c.chat) for c in chats[:3]) + (" ..." if len(chats) > 3 else "")
    skipped = {k.split("/", 1)[1]: v for k, v in s.dropped.items() if k.startswith("chatexport/")}
    other = {k: v for k, v in s.dropped.items() if not k.startswith("chatexport/")}
    kind = KINDS.get(chats[0].kind, chats[0].kind)
    ads = f"  ads {s.ads_found - sum(skipped.values())}"
    if indexed:  # new / unchanged come from the index; without it every ad is simply read
        ads += f"   new {s.new}   unchanged {s.unchanged}   changed {s.changed}"
    lines = [f"{path.name}: {kind} of {names} ({s.finish_reason} in {s.duration_s:.1f}s)", f"  sha256 {sha}", ads,
             f"  scored {s.scored}   indexed {s.indexed}   failed {s.failed}"]
    if skipped:
        lines.append("  skipped " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    if other:
        lines.append("  dropped " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
    undecodable = sum(c.undecodable_lines for c in chats[:1])
    if undecodable:
        lines.append(f"  undecodable lines {undecodable} (bytes that are not UTF-8 were replaced)")
    if evidence is not None:
        lines.append(f"  evidence {evidence}")
    return lines


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--chat", help="Chat name stored with the ads [default: from the file name or the export].")
@click.option("--source", "source_name", help="Source name (letters, digits, - _ . : only) [default: whatsapp:<chat> or telegram-export:<chat>].")
@click.option("--date-order", type=click.Choice(["auto", "dmy", "mdy", "ymd"]), default=None,
              help="WhatsApp date order when the file cannot tell [default: INGEST_DATE_ORDER, auto].")
@click.option("--timezone", "zone", help="IANA zone of the exporting phone, e.g. America/Bogota: WhatsApp times "
              "are stored in UTC [default: kept as the phone's local time].")
@click.option("--country", help="ISO country hint for phone numbers, e.g. CO.")
@click.option("--lang", help="Language hint: es, pt, en.")
@click.option("--min-chars", type=click.IntRange(0, 1000), default=None,
              help="Skip messages with fewer letters and digits [default: INGEST_MIN_CHARS].")
@pipeline_options("Do not score the messages.")
def ingest(file: Path, chat: str | None, source_name: str | None, date_order: str | None, zone: str | None,
           country: str | None, lang: str | None, min_chars: int | None, output: Path | None, no_index: bool, no_score: bool,
           model: Path | None, as_json: bool, verbose: bool) -> int:
    """Score and index the messages of a chat export FILE, one ad per message.

    FILE: a WhatsApp "Export chat" .txt (Android or iOS, es/pt/en dates) or its
    .zip, or the result.json of Telegram Desktop's "Export chat history". Each
    message (or forwarded offer) becomes an ad with its sender, time and chat;
    chit-chat ("ok", "gracias", emoji), system notes and media-only messages are
    skipped and counted. The file is kept as evidence with its SHA-256.
    Re-ingesting the same file, or a later export of the same chat, adds only
    messages not indexed before.

    \b
    anzuelo ingest "Chat de WhatsApp con Ofertas.txt" --country CO
    anzuelo ingest result.json --no-index --output ads.jsonl
    """
    from pydantic import ValidationError

    from anzuelo.cli.crawl import check_engine, crawl_options, exit_code
    from crawler.ingest.params import ChatExportParams
    from crawler.ingest.files import read_export
    from crawler.ingest.spider import evidence_folder, evidence_response
    from crawler.run import CrawlJob, project_settings, run_crawls
    from crawler.warc import plan_evidence

    if source_name is not None:  # it names the job folder, lock and evidence folder
        from anzuelo.names import check_name

        check_name(source_name, "source name", "--source")
    order = date_order or str(settings.get("INGEST_DATE_ORDER"))
    export, chats = read_export(file, chat, order)  # bad files: InputError naming the line, exit 2
    opts = crawl_options(output, no_index, no_score, model, as_json, verbose)
    opts.progress = False
    if not opts.index and not output:
        raise InputError("--no-index without --output would throw the messages away", "add --output ads.jsonl")
    args: dict[str, Any] = {"file": str(file.resolve()), "date_order": order,
                            "min_chars": min_chars if min_chars is not None else int(settings.get("INGEST_MIN_CHARS"))}
    args.update({k: v for k, v in (("chat", chat), ("country", country), ("lang", lang), ("timezone", zone)) if v})
    try:  # bad --country/--lang/--timezone: exit 2 before anything runs
        ChatExportParams.model_validate(args)
    except ValidationError as exc:
        bad = "; ".join(f"--{'.'.join(map(str, e['loc'])).replace('_', '-')}: {e['msg']}" for e in exc.errors())
        raise InputError(bad, "see `anzuelo ingest --help`") from None
    source = source_name or _source(chats[0].kind, chats, file)
    job = CrawlJob(source=source, spider="chatexport", spider_args=args, settings={"AUTOTHROTTLE_ENABLED": False})
    if opts.index:
        check_engine(opts.engine_url, opts.index_prefix)
    summary = run_crawls([job], opts)[0]
    scrapy_settings = project_settings()
    scrapy_settings.set("ANZUELO_STATE_DIR", str(opts.state_dir))
    evidence = Path(plan_evidence(evidence_folder(scrapy_settings), source, evidence_response(export))["path"])
    evidence = evidence if evidence.is_file() else None
    if as_json:
        click.echo(json.dumps({**summary.to_dict(), "file": str(file), "sha256": export.sha256,
                               "kind": chats[0].kind, "chats": [c.chat for c in chats],
                               "undecodable_lines": chats[0].undecodable_lines,
                               "evidence": str(evidence) if evidence else None}, indent=2))
    else:
        for line in _lines(summary, file, export.sha256, chats, evidence, opts.index):
            click.echo(line)
    return exit_code([summary])


commands = [ingest]

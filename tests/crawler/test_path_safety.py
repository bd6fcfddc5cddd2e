"""Path safety: names that become folders (``--source``, chat names, WARC folders) never leave them.

``anzuelo crawl --url … --source ..`` once made the job folder the state folder
itself, and the finished crawl deleted it with every WARC and seen-store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from anzuelo.cli import main
from anzuelo.errors import InputError
from anzuelo.names import NAME_MAX, SafeName, UnsafeName, UnsafePath, inside, path_name, safe_label, validate_name
from crawler.jobdir import begin_job, end_job, job_dir, lock_source
from crawler.warc import plan_evidence, write_evidence
from tests.crawler.crawl_helpers import ROOT

BAD_NAMES = ["..", "../x", "a/b", ".", "a\x00b", "x" * 300, "", ".hidden", "a\\b", "a b", "\u202eevil", "/etc"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_validate_refuses_unsafe_names(name):
    with pytest.raises(UnsafeName, match="invalid source name"):
        validate_name(name, "source name")


@pytest.mark.parametrize("name", ["demo-jobs", "telegram:empleos_co", "example.org", "empleos-bogotá", "::1", "a" * NAME_MAX])
def test_names_validate_accepts_plain_names(name):
    assert validate_name(name) == name


@given(st.text(max_size=400))
@example("..")
@example(".")
@example("../../etc")
@example("a" * 500)
@example("e\u0301")  # decomposed é: NFC composes it
@settings(max_examples=200)
def test_names_path_name_is_always_a_safe_single_component(label):
    name = path_name(label)
    assert validate_name(name) == name
    assert "/" not in name and name not in (".", "..")


@given(st.text(max_size=300))
@example("../../x\x00\u202e")
@settings(max_examples=200)
def test_names_safe_label_never_holds_a_separator_or_control(label):
    out = safe_label(label)
    assert out and "/" not in out and "\\" not in out and "\x00" not in out and len(out) <= 200


def test_names_inside_refuses_the_folder_itself_parents_and_links(tmp_path):
    base = tmp_path / "jobs"
    base.mkdir()
    assert inside(base, base / "a" / "b") == (base / "a" / "b").resolve()
    for bad in (base, base / "..", base / "a" / ".." / "..", tmp_path / "elsewhere"):
        with pytest.raises(UnsafePath):
            inside(base, bad)
    (base / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        inside(base, base / "link" / "x")
    assert issubclass(UnsafePath, InputError)


@pytest.mark.parametrize("name", ["..", "../x", "a/b", ".", "a\x00b", "x" * 300])
def test_crawl_cli_refuses_unsafe_source_exit_2_and_deletes_nothing(name, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    state = home / "crawl"
    (state / "evidence" / "src").mkdir(parents=True)
    (state / "evidence" / "src" / "capture.warc.gz").write_bytes(b"kept")
    (state / "seen.sqlite").write_bytes(b"kept")
    monkeypatch.setenv("ANZUELO_HOME", str(home))
    code = main(["crawl", "--url", "http://127.0.0.1:9/jobs/", "--source", name, "--no-index",
                 "--output", str(tmp_path / "ads.jsonl")])
    err = capsys.readouterr().err
    assert code == 2
    assert "--source: invalid source name" in err and "not starting with '.'" in err and "Traceback" not in err
    assert (state / "evidence" / "src" / "capture.warc.gz").read_bytes() == b"kept"
    assert (state / "seen.sqlite").read_bytes() == b"kept"
    assert not (state / "jobs").exists() and not (tmp_path / "ads.jsonl").exists()


def test_ingest_cli_refuses_unsafe_source_exit_2(tmp_path, monkeypatch, capsys):
    chat = tmp_path / "chat.txt"
    chat.write_text("12/03/2024, 14:05 - Ana: hola\n", encoding="utf-8")
    monkeypatch.setenv("ANZUELO_HOME", str(tmp_path / "home"))
    assert main(["ingest", str(chat), "--source", "../x", "--no-index", "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "--source: invalid source name '../x'" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("source", ["..", ".", "../..", "a/../../b", "x" * 300, "\x00", "whatsapp:../../etc"])
def test_jobdir_job_folder_stays_below_jobs(source, tmp_path):
    folder = job_dir(tmp_path, source)
    assert folder.parent == tmp_path / "jobs" and inside(tmp_path / "jobs", folder)
    begin_job(folder)
    fh = lock_source(tmp_path, source)
    fh.close()
    assert [p.parent for p in (tmp_path / "locks").iterdir()] == [tmp_path / "locks"]
    end_job(folder, "finished")
    assert not folder.exists() and (tmp_path / "jobs").is_dir() and (tmp_path / "locks").is_dir()


def test_jobdir_end_job_never_deletes_the_state_folder_or_through_a_link(tmp_path):
    (tmp_path / "jobs").mkdir()
    (tmp_path / "seen.sqlite").write_bytes(b"kept")
    with pytest.raises(UnsafePath):
        end_job(tmp_path / "jobs" / "..", "finished")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evidence.warc.gz").write_bytes(b"kept")
    (tmp_path / "jobs" / "linked").symlink_to(outside)
    with pytest.raises(UnsafePath):
        end_job(tmp_path / "jobs" / "linked", "finished")
    with pytest.raises(UnsafePath):
        begin_job(tmp_path / "jobs" / "linked")
    assert (tmp_path / "seen.sqlite").read_bytes() == b"kept"
    assert (outside / "evidence.warc.gz").read_bytes() == b"kept"


class _Resp:
    def __init__(self, body: bytes) -> None:
        from scrapy.http import Request

        self.body, self.status, self.url, self.headers = body, 200, "https://example.org/ad", {}
        self.request = Request(self.url)


@given(st.text(max_size=200))
@example("..")
@example("../../../tmp/x")
@example(".")
@example("")
@settings(max_examples=150)
def test_warc_names_never_contain_dotdot_and_stay_in_the_folder(tmp_path_factory, source):
    folder = tmp_path_factory.getbasetemp() / "evidence"
    path = plan_evidence(folder, source, _Resp(b"<html>ad</html>"))["path"]
    rel = os.path.relpath(path, folder)
    assert ".." not in rel.split(os.sep) and len(rel.split(os.sep)) == 3
    assert not rel.split(os.sep)[0].startswith(".")
    inside(folder, path)


@pytest.mark.parametrize("source", ["..", "../../x", "."])
def test_warc_write_lands_inside_the_evidence_folder(source, tmp_path):
    evidence = write_evidence(tmp_path / "evidence", source, _Resp(b"body").request, _Resp(b"body"))
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == [tmp_path / "evidence" / path_name(source) / evidence["sha256"][:2] / f"{evidence['sha256']}.warc.gz"]


CRAWL = """
import sys
from pathlib import Path
from crawler.run import CrawlJob, CrawlOptions, run_crawls
state = Path(sys.argv[1])
job = CrawlJob(source=sys.argv[2], spider="jobposting", spider_args={"sitemap_urls": [sys.argv[3]]},
               allow_private=True, max_pages=6)
s = run_crawls([job], CrawlOptions(state_dir=state, index=False, score=False, output=state.parent / "ads.jsonl",
                                    progress=False))[0]
print(s.finish_reason, s.ads_found)
"""


@pytest.mark.parametrize("source", ["..", "."])
def test_finished_crawl_never_deletes_outside_its_job_folder(source, demo_sites, tmp_path):
    """The library path (no CLI check): a real crawl named '..' ends, and only its own job folder goes."""
    state = tmp_path / "crawl"
    (state / "evidence" / "older").mkdir(parents=True)
    (state / "evidence" / "older" / "kept.warc.gz").write_bytes(b"kept")
    (state / "seen.sqlite").write_bytes(b"")
    env = {**os.environ, "ANZUELO_HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", CRAWL, str(state), source, demo_sites.urls["jobs"] + "/sitemap.xml"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reason, ads = proc.stdout.split()[-2:]
    assert reason.startswith(("finished", "closespider")) and int(ads) > 0
    assert (state / "evidence" / "older" / "kept.warc.gz").read_bytes() == b"kept"
    assert (state / "jobs").is_dir() and list((state / "jobs").iterdir()) == []  # its own folder, cleared
    captures = list((state / "evidence").glob("*/*/*.warc.gz"))
    assert captures and all(p.parent.parent.name == path_name(source) for p in captures)
    assert len(json.loads((tmp_path / "ads.jsonl").read_text().splitlines()[0])["evidence"]["sha256"]) == 64


@pytest.mark.parametrize("key", ["..", ".", "../x", "a/b", "x" * 300])
def test_sources_file_keys_that_are_not_safe_names_are_refused(key, tmp_path):
    from crawler.sources import load_sources

    path = tmp_path / "sources.toml"
    path.write_text(f'[sources."{key}"]\nspider = "jobposting"\nstart_urls = ["https://example.org/"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="invalid source name"):
        load_sources(path)


def test_names_safe_name_is_a_pydantic_type():
    from pydantic import BaseModel, ValidationError

    class Job(BaseModel):
        source: SafeName

    assert Job(source="demo-jobs").source == "demo-jobs"
    with pytest.raises(ValidationError, match="not starting with '.'"):
        Job(source="..")

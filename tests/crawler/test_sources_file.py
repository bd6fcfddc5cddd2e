"""The sources file: loading, placeholders, errors naming file/source/field, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anzuelo.cli import main
from anzuelo.errors import InputError
from crawler.sources import load_sources

ROOT = Path(__file__).resolve().parents[2]


def test_example_and_demo_sources_are_valid():
    assert {s.name for s in load_sources(ROOT / "sources.toml")} == {"example-jobboard", "example-clasificados", "example-feed"}
    demo = {s.name: s for s in load_sources(ROOT / "demo" / "sources.toml", {"jobs": "http://127.0.0.1:5000"})}
    args = demo["demo-jobs"].spider_args()
    assert args["start_urls"] == ["http://127.0.0.1:5000/"] and args["sitemap_urls"] == ["http://127.0.0.1:5000/sitemap.xml"]
    assert demo["demo-classifieds"].spider_args()["start_urls"][0].startswith("http://127.0.0.1:")  # default port filled
    assert demo["demo-jobs"].settings == {"DOWNLOAD_DELAY": 0.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
    assert demo["demo-jobs"].allow_private and demo["demo-jobs"].schedule == "0 * * * *"


@pytest.mark.parametrize("body,message", [
    ('spider = "jobposting"\nstart_urls = ["https://x.example/"]\nschedule = "61 * * * *"',
     "field 'schedule': invalid cron expression '61 * * * *'"),
    ('spider = "rss"\nstart_urls = ["https://x.example/"]', "field 'spider': unknown spider 'rss'"),
    ('spider = "jobposting"\nstart_urls = ["file:///etc/passwd"]', "field 'start_urls': not an absolute http(s) URL: 'file:///etc/passwd'"),
    ('spider = "jobposting"\nstart_urls = ["https://x.example/"]\ncountry = "Colombia"', "field 'country': country must be"),
    ('spider = "jobposting"\nstart_urls = ["https://x.example/"]\nfeeds = ["https://x.example/f"]', "field 'feeds': not used by spider 'jobposting'"),
    ('spider = "feed"', "field '-': give feed_urls"),
    ('spider = "jobposting"\nstart_urls = ["https://x.example/"]\nconcurrency = 50', "field 'concurrency'"),
    ('spider = "jobposting"\nstart_urls = ["https://x.example/"]\nmaxpages = 5', "field 'maxpages': Extra inputs"),
    ('spider = "classifieds"\nstart_urls = ["https://x.example/"]\n[sources.computrabajo-co.selectors]\ntitle = 1', "field 'selectors.title'"),
])
def test_invalid_source_names_file_source_and_field(tmp_path, body, message):
    path = tmp_path / "sources.toml"
    path.write_text(f"[sources.computrabajo-co]\n{body}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_sources(path)
    assert f"{path}: source 'computrabajo-co': {message}" in str(exc.value)


def test_invalid_toml_and_missing_file(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text("[sources.x\n", encoding="utf-8")
    with pytest.raises(InputError, match="invalid TOML"):
        load_sources(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_sources(tmp_path / "missing.toml")


def test_cli_check_exit_codes(tmp_path, capsys):
    assert main(["sources", "check", "--sources", str(ROOT / "demo" / "sources.toml")]) == 0
    bad = tmp_path / "s.toml"
    bad.write_text('[sources.a]\nspider = "feed"\nfeeds = ["https://x.example/f"]\nschedule = "x"\n', encoding="utf-8")
    assert main(["sources", "check", "--sources", str(bad)]) == 2
    assert "source 'a': field 'schedule'" in capsys.readouterr().err


def test_cli_list_json(capsys):
    assert main(["sources", "list", "--json", "--sources", str(ROOT / "sources.toml")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["example-jobboard", "example-clasificados", "example-feed"]
    assert rows[1]["spider_args"]["selectors"]["listing_links"] == "a.ad-link"


def test_telegram_channel_is_a_source(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[sources.canal]\nspider = "telegram"\nstart_urls = ["https://t.me/empleos_demo"]\n'
                    'schedule = "0 */6 * * *"\n', encoding="utf-8")
    (src,) = load_sources(path)
    assert src.spider == "telegram"
    # the channel's landing page becomes its message preview, which the spider reads
    from crawler.sources import PARAMS

    params = PARAMS["telegram"].model_validate(src.spider_args())
    assert params.start_urls == ["https://t.me/s/empleos_demo"]
    path.write_text('[sources.canal]\nspider = "telegram"\n', encoding="utf-8")
    with pytest.raises(InputError, match="channel preview page"):
        load_sources(path)

"""A page's own charset is honoured end to end: BOM, HTTP header, meta charset / http-equiv, or none at all.

Scrapy's TextResponse decodes (BOM > HTTP > meta in the first 4 KB > UTF-8 > windows-1252), and the
extraction must not decode again: extruct gets UTF-8 bytes or the parsed tree, trafilatura the text.
"""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.items import AdItem
from crawler.spiders.classifieds import ClassifiedsSpider
from crawler.spiders.jobposting import JobPostingSpider

TEXT = ("Colegio concertado busca docente de Educación Física para secundaria. Salario de 1.650 € brutos al mes, "
        "“buen ambiente” y formación continua. Jornada completa de lunes a viernes en horario de mañana y tarde, "
        "con experiencia previa valorada y Máster de Profesorado imprescindible para la incorporación.")
URL = "https://empleo.example.es/oferta/1"


def page(head: str, microdata: bool = False) -> str:
    scope = ' itemscope itemtype="http://schema.org/JobPosting"' if microdata else ""
    prop = ' itemprop="description"' if microdata else ""
    title = ' itemprop="title"' if microdata else ""
    return (f"<html><head>{head}<title>Profesor</title></head><body><div{scope}><h1{title}>Profesor de Educación Física</h1>"
            f"<div{prop}><p>{TEXT}</p></div></div></body></html>")


@pytest.mark.parametrize("head,body_encoding,header,prefix", [
    ('<meta charset="windows-1252">', "cp1252", "text/html", b""),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252", "text/html", b""),
    ("", "cp1252", "text/html; charset=windows-1252", b""),  # HTTP only
    ('<meta charset="utf-8">', "cp1252", "text/html; charset=iso-8859-1", b""),  # HTTP beats meta
    ('<meta charset="iso-8859-1">', "utf-8", "text/html; charset=iso-8859-1", b"\xef\xbb\xbf"),  # BOM beats both
    ("<style>" + "p{margin:0}" * 500 + '</style><meta charset="windows-1252">', "cp1252", "text/html", b""),  # meta after 4 KB
    ("", "cp1252", "text/html", b""),  # no declaration at all: not UTF-8, so windows-1252
])
@pytest.mark.parametrize("cls", [ClassifiedsSpider, JobPostingSpider])
def test_extract_encodings_page_charset_honoured(cls, head, body_encoding, header, prefix):
    body = prefix + page(head, microdata=cls is JobPostingSpider).encode(body_encoding)
    response = HtmlResponse(URL, body=body, headers={"Content-Type": header}, request=Request(URL))
    sp = cls.from_crawler(get_crawler(cls), url=URL)
    [item] = [o for o in sp.parse_page(response) if isinstance(o, AdItem)]
    assert item.title == "Profesor de Educación Física"
    assert "1.650 €" in item.text and "“buen ambiente”" in item.text and "\ufffd" not in item.text


def test_extract_encodings_xhtml_prolog_microdata():
    # lxml refuses a str starting with <?xml encoding=...?>: extruct must get bytes or the tree
    body = ('<?xml version="1.0" encoding="iso-8859-1"?>\n' + page("", microdata=True)).encode("cp1252")
    response = HtmlResponse(URL, body=body, headers={"Content-Type": "text/html"}, request=Request(URL))
    sp = JobPostingSpider.from_crawler(get_crawler(JobPostingSpider), url=URL)
    [item] = [o for o in sp.parse_page(response) if isinstance(o, AdItem)]
    assert item.title == "Profesor de Educación Física" and "1.650 €" in item.text

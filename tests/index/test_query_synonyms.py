"""Synonyms file (Solr format) and the bodies it builds: all words with OR groups, relaxed any-words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anzuelo.errors import EXIT_USAGE, InputError
from index import synonyms as syn
from index.query import QUERY_FIELDS, build_body, parse_args
from index.textquery import all_words, relaxable

ROOT = Path(__file__).resolve().parents[2]
TABLE = syn.parse("exterior, extranjero, abroad\nen el exterior, fora do pais => exterior, abroad\n"
                  "pasaporte, passaporte, passport\nwebcam, web cam\n")


def sqs(query: str, name: str | None = None) -> dict:
    body = {"query": query, "fields": QUERY_FIELDS, "default_operator": "and", "lenient": True}
    return {"simple_query_string": {**body, **({"_name": name} if name else {})}}


def test_parse_solr_lines_equivalent_and_explicit():
    assert TABLE.get("Extranjero") == ["exterior", "extranjero", "abroad"]
    assert TABLE.get("EN EL  EXTERIOR") == ["exterior", "abroad"]  # => replaces: the phrase is not kept
    assert TABLE.get("fora do país") == ["exterior", "abroad"]  # accents folded
    assert TABLE.get("abroad") == ["exterior", "extranjero", "abroad"]
    assert TABLE.get("job") == []
    assert TABLE.get("pasaportes") == TABLE.get("pasaporte")  # plurals typed find the listed singular
    assert TABLE.get("s") == TABLE.get("es") == []


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a, b\nsolo\n", 2, "names one term only"),
    ("a, b\n\n# c\nx, , y\n", 4, "empty term"),
    ("a => b => c\n", 1, "more than one '=>'"),
    ("ok, fine\nmodelo, \"cam\"\n", 2, "is not a plain word or phrase"),
    ("a | b, c\n", 1, "is not a plain word or phrase"),
    ("a b c d e, f\n", 1, "has more than 4 words"),
])
def test_bad_synonyms_line_names_file_and_line(text, line, message):
    with pytest.raises(InputError, match=message) as err:
        syn.parse(text, "my-synonyms.txt")
    assert f"my-synonyms.txt:{line}:" in err.value.message
    assert err.value.hint and err.value.exit_code == EXIT_USAGE


def test_shipped_file_parses_and_covers_the_core_terms():
    table = syn.load(syn.DEFAULT_FILE)
    for a, b in [("abroad", "extranjero"), ("exterior", "abroad"), ("passport", "passaporte"), ("model", "modelo"),
                 ("job", "trabajo"), ("emprego", "vaga"), ("empleo", "job"), ("visa", "visto"), ("visado", "visa"),
                 ("hostess", "anfitriona"), ("recepcionista", "hostess"), ("travel", "viagem"), ("viaje", "travel")]:
        assert b in [syn.fold(t) for t in table.get(a)], (a, b)


def test_all_words_expands_plain_words_longest_first_and_keeps_syntax():
    assert all_words("trabajo en el exterior pasaporte", TABLE) == \
        "trabajo (\"en el exterior\" | exterior | abroad) (pasaporte | passaporte | passport)"
    # phrases, prefixes and fuzzy terms are left as typed; -word excludes every synonym, +word requires one
    assert all_words('"en el exterior" webcam* exterior~1', TABLE) == '"en el exterior" webcam* exterior~1'
    assert all_words("-pasaporte +webcam", TABLE) == '-(pasaporte | passaporte | passport) +(webcam | "web cam")'
    assert all_words("modelo webcam", TABLE) == 'modelo (webcam | "web cam")'


def test_build_body_all_words_uses_the_groups():
    body = build_body(parse_args({"q": "trabajo exterior"}), TABLE)
    assert body["query"]["bool"]["must"] == [sqs("trabajo (exterior | extranjero | abroad)")]
    assert body["sort"][0] == {"score": {"order": "desc", "missing": "_last"}}


def test_build_body_relaxed_names_each_idea_and_ranks_by_relevance():
    q = parse_args({"q": "trabajo en el exterior +pasaporte -cajero", "risk": "high", "sort": "date"})
    body = build_body(q, TABLE, relaxed=True)
    assert body["query"]["bool"]["must"] == [{"bool": {
        "should": [sqs("trabajo", "trabajo"), sqs('("en el exterior" | exterior | abroad)', "en el exterior")],
        "minimum_should_match": 1,
        "must": [sqs("(pasaporte | passaporte | passport)")],  # +pasaporte: required, any synonym
        "must_not": [sqs("cajero")],
    }}]
    assert body["query"]["bool"]["filter"] == [{"terms": {"risk": ["high"]}}]
    assert body["sort"] == [{"_score": "desc"}, {"score": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]


@pytest.mark.parametrize(("text", "expected"), [
    ("modelo webcam", True),
    ("trabajar en el extranjero", True),
    ("pasaporte", False),  # one idea: any-words is all-words
    ("en el exterior", False),  # one idea (a synonym phrase)
    ("trabajo en la", False),  # stop words are not ideas
    ("modelo | webcam", False),  # the user's own OR
    ("(modelo webcam) viaje", False),
])
def test_relaxable(text, expected):
    assert relaxable(text, TABLE) is expected


def test_relax_parameter_and_threshold_setting():
    assert parse_args({"q": "x"}).relax_below == 3
    assert parse_args({"q": "x", "relax": "false"}).relax_below == 0


def test_expansion_stays_within_the_clause_budget():
    table = syn.parse("a1, " + ", ".join(f"alt{i}" for i in range(40)) + "\n")
    text = " ".join(["a1"] * 10)
    expanded = all_words(text, table)
    assert expanded.count("(") == 1 and expanded.count("alt") == 40  # once: the next group would pass 64 terms


def test_synonyms_file_setting_and_edits_are_read_at_the_next_search(tmp_path):
    path = tmp_path / "syn.txt"
    path.write_text("vaga, puesto\n", encoding="utf-8")
    code = ("from index.synonyms import current; import os, time\n"
            "print(current().get('vaga'))\n"
            "p = os.environ['ANZUELO_SEARCH_SYNONYMS_FILE']; open(p, 'w').write('vaga, puesto, cargo\\n')\n"
            "os.utime(p, (time.time() + 5, time.time() + 5))\n"
            "print(current().get('vaga'))\n")
    env = {**os.environ, "ANZUELO_SEARCH_SYNONYMS_FILE": str(path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["['vaga', 'puesto']", "['vaga', 'puesto', 'cargo']"]


def test_missing_synonyms_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="synonyms file .*nope.txt not found"):
        syn.load(tmp_path / "nope.txt")

"""Loading labelled JSONL and CSV (EMSCAD style), bad rows reported with line numbers."""

import json

import pytest

from anzuelo.errors import InputError
from nlp.model.data import load_examples


def test_jsonl_rows_bad_lines_skipped_and_reported(tmp_path):
    f = tmp_path / "ads.jsonl"
    good = {"id": "a1", "lang": "es", "title": "Mesera", "text": "Turno tarde", "label": 1, "indicators": ["urgency"]}
    f.write_text("\n".join([
        json.dumps(good),
        "{not json",
        json.dumps({**good, "id": "a3", "label": 3}),
        json.dumps({"id": "a4", "lang": "en", "text": "Barista wanted", "label": 0}),
        "",
        json.dumps({**good, "id": "a6", "title": "", "text": ""}),
    ]) + "\n", encoding="utf-8")
    bad: list[str] = []
    ex = load_examples([f], report=bad.append)
    assert [e.id for e in ex] == ["a1", "a4"]
    assert ex[0].text == "Mesera\nTurno tarde" and ex[0].indicators == ["urgency"] and ex[0].label == 1
    assert ex[1].text == "Barista wanted" and ex[1].indicators is None
    assert [m.split(": ")[0].rsplit(":", 1)[1] for m in bad] == ["2", "3", "6"]
    assert all(str(f) in m for m in bad)


def test_csv_text_label_and_emscad_columns(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("text,label,lang\nhola mundo,1,es\n,0,es\nbye,x,en\nok then,0,en\n", encoding="utf-8")
    bad: list[str] = []
    ex = load_examples([plain], report=bad.append)
    assert [(e.text, e.label, e.lang) for e in ex] == [("hola mundo", 1, "es"), ("ok then", 0, "en")]
    assert len(bad) == 2 and ":3:" in bad[0] and ":4:" in bad[1]

    emscad = tmp_path / "emscad.csv"
    emscad.write_text(
        "job_id,title,company_profile,description,requirements,benefits,fraudulent\n"
        '7,Clerk,"Acme Inc.","Data entry\nfrom home",,Pay weekly,1\n'
        "8,Nurse,Acme Inc.,Ward work,RN,,0\n", encoding="utf-8")
    ex = load_examples([emscad])
    assert ex[0].text == "Clerk\nAcme Inc.\nData entry\nfrom home\nPay weekly" and ex[0].label == 1
    assert ex[0].lang == "en" and ex[0].group == ex[1].group  # same company -> same CV group


def test_missing_file_and_bad_csv_header_are_input_errors(tmp_path):
    with pytest.raises(InputError):
        load_examples([tmp_path / "nope.jsonl"])
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(InputError) as err:
        load_examples([f])
    assert "label" in str(err.value)

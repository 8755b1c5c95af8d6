"""Every dictionary entry is loaded, validated and exercised."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.actors.dictionary import ActorDictionary, default_dictionary
from flashpoint.errors import DictionaryError
from flashpoint.events.patterns import PatternSet, default_patterns, parse_pattern
from flashpoint.ontology import Ontology, default_ontology, quad_class
from flashpoint.selftest import pattern_failures


def test_bundled_dictionaries_load_without_problems():
    assert len(default_ontology().codes) > 250
    d = default_dictionary()
    assert len(d.countries) >= 249
    assert len(d.persons) > 300
    assert len(default_patterns()) > 1000


def test_every_pattern_fires_on_its_own_example(nlp):
    failures = pattern_failures(default_patterns())
    assert not failures, "\n".join(failures[:40])


def test_every_cameo_root_is_reachable_by_some_pattern():
    roots = {p.cameo[:2] for p in default_patterns().patterns}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_every_actor_name_is_matched_and_coded(nlp):
    """Each name in the actor files, on its own, is recognised with its own code."""
    rec = nlp.get_pipe("flashpoint_actors")
    wrong = []
    for phrase, entry in default_dictionary().names.items():
        doc = nlp.make_doc(phrase)
        spans = [(s, e) for _, s, e in rec.names(doc)]
        if (0, len(doc)) not in spans:
            wrong.append(f"{entry.where}: {phrase!r} not matched as a whole")
    assert not wrong, "\n".join(wrong[:30])


def test_ontology_facts():
    o = default_ontology()
    assert quad_class("04") == 1 and quad_class("07") == 2
    assert quad_class("12") == 3 and quad_class("19") == 4
    assert o["190"].goldstein == -10.0
    assert o["190"].plover == "ASSAULT"
    assert o["043"].plover == "CONSULT"
    assert o["0841"].plover in ("CONCEDE", "RETREAT")
    assert all(c.plover is None or c.plover.isupper() for c in o.codes.values())
    # announcing that a cooperative act will not happen is a refusal (refusal.txt)
    assert o.refusal_code("072") == "1222" and o.refusal_code("0841") == "1243"
    assert o.refusal_code("036") == "125" and o.refusal_code("190") is None
    assert all(o[c].root == "12" for c in o.refusal.values())
    # requests by what they ask for (request.txt)
    assert o.request_code("0841", demand=True) == "1053"
    assert o.request_code("085", demand=False) == "0254"
    assert o.request_code("190", demand=True) == "100"


def test_places_give_their_country_but_never_act(nlp):
    from flashpoint.coding import code_text

    def events(text):
        return [(r["source"] and r["source"]["code"], r["cameo"],
                 r["target"] and r["target"]["code"])
                for r in code_text(text) if r["type"] == "event"]

    assert events("Sudanese troops attacked Darfur rebels near Nyala.") == [
        ("SDNMIL", "190", "SDNREB")]
    assert events("Police imposed a curfew in Samarra after the bombing.")[0][2] == "IRQ"
    assert events("Kharkiv condemned the attack on Monday.") == []
    # ethnicities: their own country, or where the sentence says they live
    assert events("Chechen separatists seized a hospital in Budennovsk.")[0][0] == "RUSREB"
    assert events("Kurds in Syria protested against the Turkish offensive.")[0][:2] == (
        "SYR", "140")
    names = default_dictionary().names
    assert names["Darfur"].kind == "place" and names["Darfur"].country == "SDN"
    # a place already listed as another actor is an error, not a silent override
    assert all(e.kind == "place" for n, e in names.items() if e.where.startswith("places"))


@pytest.mark.parametrize(("name", "day", "code"), [
    ("Barack Obama", date(2012, 5, 1), "USAGOV"),
    ("Barack Obama", date(2019, 5, 1), "USAELI"),
    ("Angela Merkel", date(2010, 1, 1), "DEUGOV"),
    ("Vladimir Putin", date(2010, 1, 1), "RUSGOV"),
])
def test_office_holders_are_coded_by_the_article_date(name, day, code):
    person = default_dictionary().names[name].person
    assert person is not None
    country, sector, _ = person.role_on(day)
    assert country + sector == code


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_loader_reports_every_bad_line_with_file_and_line(tmp_path):
    _write(tmp_path, "countries.txt", "PRK | North Korea | North Korean | Pyongyang\n"
                                      "xx | Nowhere\n"
                                      "KOR | South Korea | South Korean | Seoul\n")
    _write(tmp_path, "sectors.txt", "army | MIL\nnavy | BOAT\n")
    _write(tmp_path, "places.txt", "PRK | Wonsan; Kaesong\nKOR | Busan; Pyongyang\n"
                                   "IGO | Geneva\n")
    _write(tmp_path, "people_x.txt", "Kim Jong Un | PRK | GOV | 2011-12-17 | | Leader\n"
                                     "Someone | ZZZ | GOV | | | x\n"
                                     "Other | KOR | GOV | 2020-13-01 | | x\n")
    with pytest.raises(DictionaryError) as info:
        ActorDictionary.load(tmp_path)
    problems = info.value.problems
    assert any(p.startswith("countries.txt:2:") for p in problems)
    assert any(p.startswith("sectors.txt:2:") for p in problems)
    assert any(p.startswith("people_x.txt:2:") for p in problems)
    assert any(p.startswith("places.txt:2:") and "Pyongyang" in p for p in problems)
    assert any(p.startswith("places.txt:3:") for p in problems)  # a place needs a country
    assert any(p.startswith("people_x.txt:3:") for p in problems)


def test_pattern_syntax_errors_are_located(tmp_path):
    _write(tmp_path, "v.txt", "ok | 190 | attack | Russia attacked Ukraine.\n"
                              "bad code | 190 | attack | x\n"
                              "x.y | 999 | attack | x\n"
                              "x.z | 190 | attack ?oops | x\n"
                              "ok | 190 | attack | duplicate id\n")
    with pytest.raises(DictionaryError) as info:
        PatternSet.load([tmp_path / "v.txt"])
    where = sorted(p.split(":")[1] for p in info.value.problems)
    assert where == ["2", "3", "4", "5"]


def test_pattern_parts():
    parts, errs = parse_pattern("impose +sanction;embargo ~on;against")
    assert not errs
    assert parts["heads"] == ("impose",)
    assert parts["objects"] == {"sanction", "embargo"}
    assert parts["preps"] == {"on", "against"}


def test_ontology_loader_rejects_bad_weights(tmp_path):
    _write(tmp_path, "cameo.txt", "19 | Fight | -10.0\n190 | Use force | -11\n")
    _write(tmp_path, "plover.txt", "19 | ASSAULT\n")
    with pytest.raises(DictionaryError, match=r"cameo\.txt:2"):
        Ontology.load(tmp_path / "cameo.txt", tmp_path / "plover.txt")

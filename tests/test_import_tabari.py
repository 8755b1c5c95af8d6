"""Importing TABARI/PETRARCH dictionaries, and loading extra dictionary folders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from flashpoint.actors.dictionary import ActorDictionary, default_dictionary
from flashpoint.errors import DictionaryError
from flashpoint.events.patterns import PatternSet, default_patterns
from flashpoint.importers import TabariImporter, detect_kind
from flashpoint.importers.tabari_entries import clean_lines, parse_date
from flashpoint.importers.tabari_names import display_names

# Sample dictionaries written for these tests (fictional actors, made-up entries).
ACTORS = """\
# actors for the importer tests
<!-- a comment block
     over two lines [XXX] -->
OKONKWO_BRAITHWAITE_
+BRAITHWAITE_
[AFGGOV 011222-140929]
[AFGELI >140929]
MARISOL_QUENTANA_ [IGOUNO 070101-161231]
TEODOR_VASK_ [KORGOV <050301]   ; a TABARI-style comment
ZORVIAN_LIBERATION_FRONT_ [AFGREBZLF]
+ZLF_
NORTH_ATLANTIC_PACT_ [IGOWSTNAT]
ATLANTIS_NAVY_ [ATLMIL]
NOCODE_GUY_
GHOST_PARTY_ [AFGXYZ]
~~FINISH
AFTER_THE_END_ [USA]
"""

AGENTS = """\
FOOTSOLDIER_ {FOOTSOLDIERS_} [~MIL]
HARBOUR_WARDEN_ {HARBOUR_WARDENS_} [~COP]
+PORT_WARDEN_
WIZARD_ [~WIZ]
MINISTER_OF_WAR_ [~GOVMIL]
"""

VERBS = """\
####### VERB PATTERNS #######
--- PESTER [112] ---
PESTER {PESTERS PESTERED PESTERING}
HECTOR
- $ * + [112]
- * TARIFFS AGAINST + [163]
- * $ FOR + [111]
- $ * &CURRENCY + [061]
- * + OF CORRUPTION [1121]
- % * + [112]
- ABOUT $ * + [112]
- * PLAN [---]
--- PULL_OUT [---] ---
- $ * FROM + [087]
OSTRACIZE [999]
&CURRENCY
+DOLLAR
"""


def _data(lines: list[str]) -> list[str]:
    """Converted lines without their ``# source`` comment."""
    return [line.split("  #")[0] for line in lines]


@pytest.fixture
def imported() -> TabariImporter:
    importer = TabariImporter()
    importer.add_text(ACTORS, "sample.actors", "actors")
    importer.add_text(AGENTS, "sample.agents", "agents")
    importer.add_text(VERBS, "sample.verbs", "verbs")
    return importer


def test_actors_become_people_and_organisations(imported):
    assert _data(imported.lines["people"]) == [
        "Okonkwo Braithwaite; Braithwaite | AFG | GOV | 2001-12-22 | 2014-09-30 | AFGGOV",
        "Okonkwo Braithwaite; Braithwaite | AFG | ELI | 2014-09-30 |  | AFGELI",
        "Marisol Quentana | IGO | UNO | 2007-01-01 | 2017-01-01 | IGOUNO",
        "Teodor Vask | KOR | GOV |  | 2005-03-01 | KORGOV",
    ]
    assert _data(imported.lines["organizations"]) == [
        "AFGREBZLF | AFG | REB | Zorvian Liberation Front; ZLF",
        "IGOWSTNAT | - | IGO | North Atlantic Pact",
        "AFGXYZ | AFG | - | Ghost Party",
    ]
    assert imported.lines["people"][0].endswith("# sample.actors:6")


def test_agents_become_sector_phrases(imported):
    assert _data(imported.lines["sectors"]) == [
        "footsoldier | MIL",
        "harbour warden | COP",
        "port warden | COP",
        "harbour wardens | COP",
    ]


def test_verbs_become_patterns_in_the_documented_subset(imported):
    assert _data(imported.lines["patterns"]) == [
        "imported.pester.1 | 112 | pester;hector |",
        "imported.pester.2 | 163 | pester;hector +tariff;tariffs ~against |",
        "imported.pester.3 | 111 | pester;hector ~for |",
        "imported.pull_out.1 | 087 | pull_out ~from |",
    ]


def test_every_skipped_line_is_reported_with_file_and_line(imported):
    report = imported.report
    messages = report.messages
    expected = {
        "sample.actors:13": "unknown country code",  # ATL
        "sample.actors:14": "no code",
        "sample.agents:4": "agent code not a flashpoint sector",  # ~WIZ
        "sample.agents:5": "agent code not a flashpoint sector",  # ~GOVMIL
        "sample.verbs:5": "duplicate",  # same as the header's bare pattern
        "sample.verbs:8": "unsupported pattern",  # synset
        "sample.verbs:9": "unsupported pattern",  # word after the target
        "sample.verbs:10": "unsupported pattern",  # % compound marker
        "sample.verbs:11": "unsupported pattern",  # literal before the verb
        "sample.verbs:12": "no event code",
        "sample.verbs:13": "no event code",  # PULL_OUT [---] header
        "sample.verbs:15": "unknown CAMEO code",
        "sample.verbs:16": "unsupported pattern",  # synset definition
    }
    got = {m.split(": ")[0]: m.split(": ")[1] for m in messages}
    assert got == expected, "\n".join(messages)
    assert any(m.startswith("sample.verbs:8:") and "&CURRENCY" in m for m in messages)
    assert any(m.startswith("sample.verbs:10:") and "%" in m for m in messages)
    assert any(m.startswith("sample.verbs:11:") and "ABOUT" in m for m in messages)
    assert report.skipped["unsupported pattern"] == 5
    assert report.converted == {"people": 4, "organizations": 3, "sectors": 4, "patterns": 4}
    assert report.adjusted["sector left empty"] == 1  # XYZ in AFGXYZ
    summary = "\n".join(report.summary())
    assert "converted: " in summary and "5 unsupported pattern" in summary


def test_comments_finish_and_dates():
    lines = list(clean_lines("A_ [USA] # c\n<!-- x\ny -->B_ [USA]\n; all comment\n~~FINISH\nC_"))
    assert lines == [(1, "A_ [USA]"), (3, "B_ [USA]")]
    assert parse_date("011222") == date(2001, 12, 22)
    assert parse_date("691231") == date(1969, 12, 31)
    assert parse_date("20240131") == date(2024, 1, 31)


@pytest.mark.parametrize(("raw", "kw", "first"), [
    ("HAMID_KARZAI_", {"person": True}, "Hamid Karzai"),
    ("KIM_JONG_UN_", {"person": True}, "Kim Jong Un"),
    ("BASHAR_AL-ASSAD_", {"person": True}, "Bashar al-Assad"),
    ("NATO_", {"person": False}, "NATO"),
    ("UN_SECURITY_COUNCIL_", {"person": False}, "UN Security Council"),
    ("BANK_OF_ENGLAND_", {"person": False}, "Bank of England"),
    ("IRAN_", {"person": False, "country": True}, "Iran"),
    ("US_", {"person": False, "country": True}, "US"),
    ("AL-QAEDA_", {"person": False}, "Al-Qaeda"),
])
def test_names_are_converted_to_news_casing(raw, kw, first):
    assert display_names(raw, **kw)[0] == first


def test_kind_from_file_name():
    assert detect_kind(Path("Phoenix.Countries.actors.txt")) == "actors"
    assert detect_kind(Path("x.verbs")) == "verbs"
    assert detect_kind(Path("CAMEO.2.0.txt")) is None


# -- loading extra folders -------------------------------------------------------------------
def test_pattern_examples_are_required_only_for_bundled_style_files(tmp_path):
    f = tmp_path / "v.txt"
    f.write_text("imported.x.1 | 112 | pester |\nimported.x.2 | 112 | hector\n")
    with pytest.raises(DictionaryError, match="missing example"):
        PatternSet.load([f])
    assert len(PatternSet.load([f], require_examples=False)) == 2


def test_extra_actor_folder_adds_names_and_keeps_bundled_ones(imported, tmp_path):
    imported.write(tmp_path)
    (tmp_path / "organizations_more.txt").write_text("PRK | PRK | - | North Korea\n")
    d = ActorDictionary.load(extra=[tmp_path])
    assert d.names["Zorvian Liberation Front"].code == "AFGREBZLF"
    assert d.names["North Korea"].kind == "country"  # bundled entry kept
    assert any("North Korea" in note for note in d.ignored)
    person = d.persons["Okonkwo Braithwaite"]
    assert person.role_on(date(2010, 1, 1))[:2] == ("AFG", "GOV")
    assert person.role_on(date(2020, 1, 1))[:2] == ("AFG", "ELI")
    assert d.sector_phrases["harbour warden"] == "COP"
    with pytest.raises(DictionaryError, match="not a folder"):
        ActorDictionary.load(extra=[tmp_path / "missing"])


@pytest.fixture
def extra_dictionaries(imported, tmp_path, monkeypatch) -> Iterator[Path]:
    out = tmp_path / "dicts"
    imported.write(out)
    monkeypatch.setenv("FLASHPOINT_DICTIONARIES", str(out))
    default_patterns.cache_clear()
    default_dictionary.cache_clear()
    yield out
    default_patterns.cache_clear()
    default_dictionary.cache_clear()


def test_env_var_makes_an_imported_pattern_fire_in_the_coder(extra_dictionaries):
    from flashpoint.actors import recognizer  # noqa: F401 - registers the component
    from flashpoint.events.coder import EventCoder
    from flashpoint.nlp import load_spacy

    patterns = default_patterns()
    assert "imported.pester.1" in patterns.by_id
    assert default_patterns.cache_info().currsize == 1
    nlp = load_spacy()
    nlp.add_pipe("flashpoint_actors")
    coder = EventCoder(patterns)
    doc = coder(nlp("The Zorvian Liberation Front pestered the Afghan government."))
    got = [(e.pattern.id, e.cameo, e.source.code, e.target and e.target.code)
           for e in doc._.events]
    assert ("imported.pester.1", "112", "AFGREBZLF", "AFGGOV") in got
    doc = coder(nlp("Braithwaite hectored tariffs against the Afghan government."))
    assert "imported.pester.2" in [e.pattern.id for e in doc._.events]


def test_selftest_skips_patterns_without_examples(extra_dictionaries, tmp_path):
    from flashpoint.selftest import pattern_failures

    bundled = tmp_path / "b.txt"
    bundled.write_text("attack | 190 | attack | Russia attacked Ukraine.\n")
    patterns = PatternSet.load([bundled], extra=[extra_dictionaries / "verbs" / "imported.txt"])
    assert len(patterns) == 5
    assert pattern_failures(patterns) == []


def test_missing_extra_folder_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASHPOINT_DICTIONARIES", str(tmp_path / "nope"))
    default_patterns.cache_clear()
    try:
        with pytest.raises(DictionaryError, match="FLASHPOINT_DICTIONARIES"):
            default_patterns()
    finally:
        default_patterns.cache_clear()


# -- the command -------------------------------------------------------------------------------
def test_import_dictionary_command_end_to_end(cli, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "sample.actors").write_text(ACTORS)
    (src / "sample.agents").write_text(AGENTS)
    (src / "sample.verbs").write_text(VERBS)
    out = tmp_path / "out"
    res = cli("import-dictionary", str(src / "sample.actors"), str(src / "sample.agents"),
              str(src / "sample.verbs"), "--out", str(out))
    assert res.exit_code == 0, res.output
    for rel in ("verbs/imported.txt", "people_imported.txt", "organizations_imported.txt",
                "sectors_imported.txt"):
        assert (out / rel).is_file(), rel
    assert "converted: 4 people lines, 3 organisations, 4 sector phrases, 4 verb patterns" \
        in res.stdout
    assert "sample.verbs:10: unsupported pattern" in res.stdout
    # the output loads as extra folders
    ActorDictionary.load(extra=[out])
    PatternSet.load(extra=[out / "verbs" / "imported.txt"])

    res = cli("import-dictionary", str(src / "sample.verbs"), str(src / "missing.verbs"),
              "--out", str(tmp_path / "out2"))
    assert res.exit_code == 1
    assert "Error:" in res.stderr and "missing.verbs" in res.stderr
    assert (tmp_path / "out2" / "verbs" / "imported.txt").is_file()  # the good file is kept

    plain = src / "CAMEO.2.0.txt"
    plain.write_text(VERBS)
    res = cli("import-dictionary", str(plain), "--out", str(tmp_path / "out3"))
    assert res.exit_code == 1 and "--kind" in res.stderr
    res = cli("import-dictionary", str(plain), "--kind", "verbs", "--out", str(tmp_path / "out3"))
    assert res.exit_code == 0

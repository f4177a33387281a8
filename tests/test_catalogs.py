"""The shipped catalogs are valid data, and a user's own catalog is validated the same way."""
from __future__ import annotations


import pytest

from itagen.errors import ConfigError, Findings
from itagen.criteria import loader, paths
from itagen.criteria.catalog import Rule, normalise_code
from itagen.criteria.concepts import CONCEPTS, concept_url

SHIPPED = sorted(p.stem for p in loader.SHIPPED_DIR.glob("*.yaml"))
COUNTS = {"nacc-oit-2565": 43, "nacc-oit-2566": 43, "nacc-oit-2567": 43, "nacc-oit-2568": 28,
          "nacc-oit-2569": 26}


def _rule_paths(rule: Rule) -> list[str]:
    found = {"present": [rule.present], "differs": rule.differs,
             "covers_year": [rule.covers_year]}.get(rule.kind, [])
    spec = getattr(rule, rule.kind) if rule.kind in ("count", "each", "documents", "months",
                                                     "dated") else None
    if spec is not None:
        found = [spec.path] + ([spec.also] if getattr(spec, "also", "") else [])
    return found + [p for inner in rule.any for p in _rule_paths(inner)]


def test_the_expected_catalogs_are_shipped():
    assert SHIPPED == sorted(COUNTS)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_catalog_loads_without_any_finding(name):
    findings = Findings()
    catalog = loader.load_catalog(loader.SHIPPED_DIR / f"{name}.yaml", name, findings)
    assert [f.format() for f in findings.items] == []
    assert len(catalog.items) == COUNTS[name]


@pytest.mark.parametrize("name", SHIPPED)
def test_codes_unique_concepts_known_and_every_rule_path_is_a_model_field(name):
    catalog = loader.read_catalog(name)
    keys = [item.key for item in catalog.items]
    assert len(keys) == len(set(keys))
    assert [normalise_code(i.code) for i in catalog.items] == [f"o{n}" for n in range(1, len(keys) + 1)]
    for item in catalog.items:
        assert item.concept in CONCEPTS and set(item.also) <= set(CONCEPTS)
        assert concept_url(item.concept, 2568).startswith("/")
        assert item.components, item.code
        for comp in item.components:
            for text in _rule_paths(comp.rule):
                paths.type_of(paths.parse_path(text))  # raises PathError if not a model field
        assert catalog.subindicator(item.subindicator) is not None


def test_codes_match_case_insensitively():
    catalog = loader.read_catalog("nacc-oit-2568")
    assert catalog.item("o12").code == "O12"
    assert catalog.item("O 12").code == "O12"
    assert loader.read_catalog("nacc-oit-2566").item("O21").code == "o21"


def test_confidence_is_recorded_and_2565_only_warns():
    low = loader.read_catalog("nacc-oit-2565")
    assert {i.confidence for i in low.items} == {"inferred"}
    assert {c.severity for i in low.items for c in i.components} == {"warning"}
    assert {i.confidence for i in loader.read_catalog("nacc-oit-2569").items} <= {
        "single_source", "inferred"}


def test_2568_to_2569_mapping_follows_concepts():
    new, old = loader.read_catalog("nacc-oit-2569"), loader.read_catalog("nacc-oit-2568")

    def before(code):
        item = new.item(code)
        keys = {item.concept, *item.also}
        return sorted((o.code for o in old.items if {o.concept, *o.also} & keys),
                      key=normalise_code)

    assert before("O11") == ["O12"]
    assert before("O12") == ["O13"]
    assert set(before("O10")) == {"O10", "O11"}
    assert set(before("O20")) == {"O21", "O22"}
    assert before("O26") == ["O28"]


BAD = """\
framework: moph-moit
year: 2568
title: test
subindicators:
  - {code: "1", title: one}
items:
  - code: MOIT1
    concept: procurement-tabel
    title: a
    subindicator: "1"
    components:
      - {id: a, th: ก, en: a, rule: {presnt: agency.name}}
      - {id: b, th: ข, en: b, rule: {present: "procurement[year].itemz"}}
      - {id: c, th: ค, en: c, rule: {count: {path: executives.people, where: [side=politcal]}}}
      - {id: d, th: ง, en: d, rule: {present: procurement.items}}
  - code: moit1
    concept: news
    title: b
    subindicator: "2"
    components:
      - {id: a, th: ก, en: a, rule: {count: {path: agency.name}}}
"""


def test_a_user_catalog_gets_file_line_errors(tmp_path):
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "moph-moit-2568.yaml").write_text(BAD, encoding="utf-8")
    findings = Findings()
    loader.load_catalog(folder / "moph-moit-2568.yaml", "catalogs/moph-moit-2568.yaml", findings)
    text = "\n".join(f.format() for f in findings.sorted())
    expected = [
        ("catalogs/moph-moit-2568.yaml:8", "unknown concept 'procurement-tabel'"),
        ("catalogs/moph-moit-2568.yaml:12", "did you mean 'present'"),
        ("catalogs/moph-moit-2568.yaml:13", "no 'itemz'"),
        ("catalogs/moph-moit-2568.yaml:14", "'politcal' is not a value of side"),
        ("catalogs/moph-moit-2568.yaml:15", "is yearly"),
        ("catalogs/moph-moit-2568.yaml:16", "duplicate item code moit1"),
        ("catalogs/moph-moit-2568.yaml:19", "sub-indicator '2' is not listed"),
        ("catalogs/moph-moit-2568.yaml:21", "'agency.name' is not a list"),
    ]
    for where, what in expected:
        assert any(line.startswith(where) and what in line for line in text.splitlines()), \
            (where, what, text)


def test_a_broken_user_catalog_is_a_config_error(tmp_path):
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "moph-moit-2568.yaml").write_text(BAD, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        loader.read_catalog("moph-moit-2568", tmp_path)
    assert "catalogs/moph-moit-2568.yaml:8" in str(info.value)


def test_choose_defaults_to_the_newest_shipped_year(tmp_path):
    assert loader.choose(tmp_path, None, None) == "nacc-oit-2569"
    assert loader.choose(tmp_path, None, 2566) == "nacc-oit-2566"
    assert loader.choose(tmp_path, "nacc-oit-2567", None) == "nacc-oit-2567"
    with pytest.raises(ConfigError):
        loader.choose(tmp_path, "nacc-oit-2567", 2568)

"""The rubric and predicate bands ship as data files, checked field by field: a broken file
is refused with a message that names the field at fault."""
import copy
import tomllib

import pytest

from app.seminars.rubric import (DEFAULT_BANDS, DEFAULT_RUBRIC, RubricError, load_bands,
                                 load_rubric, parse_bands, parse_rubric, predicate_bands,
                                 predicate_for)


def shipped(path):
    with open(path, "rb") as file:
        return tomllib.load(file)


def test_the_shipped_rubric_weighs_its_criteria_to_100():
    rubric = load_rubric()
    assert sum(criterion.weight for criterion in rubric.criteria) == 100
    assert sum(rubric.role_weights.values()) == 100
    assert all(c.label_id and c.label_en for c in rubric.criteria)


def test_the_shipped_bands_say_they_cite_no_source():
    text = DEFAULT_BANDS.read_text(encoding="utf-8")
    assert "Source: NOT FOUND" in text
    assert [band.key for band in load_bands()][0] == "sangat_memuaskan"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["criteria"][0].update(weight=0), "criteria[1]: `weight` must be a whole"),
    (lambda d: d["criteria"][0].update(weight=-5), "criteria[1]: `weight` must be a whole"),
    (lambda d: d["criteria"][1].update(weight=26), "add up to 101, not 100"),
    (lambda d: d["criteria"][2].update(key="Feasibility!"), "criteria[3]: `key` must be a slug"),
    (lambda d: d["criteria"][3].update(key="problem"), "the key 'problem' is used twice"),
    (lambda d: d["criteria"][0].pop("label_id"), "criteria[1]: `label_id` must be a non-empty"),
    (lambda d: d["role_weights"].pop("mentor"), "`role_weights` must give exactly"),
    (lambda d: d["role_weights"].update(mentor=30), "`role_weights` add up to 110"),
    (lambda d: d.update(criteria=[]), "`criteria` must list at least one criterion"),
])
def test_a_broken_rubric_is_refused_naming_the_field(change, message):
    data = copy.deepcopy(shipped(DEFAULT_RUBRIC))
    change(data)
    with pytest.raises(RubricError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_rubric(data, "rubric.toml")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["bands"][1].update(min_score=95), "must fall from the first band"),
    (lambda d: d["bands"][-1].update(min_score=10), "last band's `min_score` must be 0"),
    (lambda d: d["bands"][0].update(min_score=101), "bands[1]: `min_score` must be at most 100"),
    (lambda d: d["bands"][0].update(passed="yes"), "bands[1]: `passed` must be true or false"),
    (lambda d: d["bands"][2].update(key="memuaskan"), "the key 'memuaskan' is used twice"),
])
def test_broken_bands_are_refused_naming_the_field(change, message):
    data = copy.deepcopy(shipped(DEFAULT_BANDS))
    change(data)
    with pytest.raises(RubricError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_bands(data, "predicates.toml")


@pytest.mark.parametrize("score, key", [
    (100, "sangat_memuaskan"), (90, "sangat_memuaskan"), (89.99, "memuaskan"),
    (70, "cukup_memuaskan"), (60, "kurang_memuaskan"), (59.99, "tidak_memuaskan"),
    (0, "tidak_memuaskan")])
def test_a_score_earns_the_first_band_it_reaches(score, key):
    assert predicate_for(score, load_bands()).key == key


def test_the_bands_come_from_the_configured_file(app, tmp_path):
    data = shipped(DEFAULT_BANDS)
    path = tmp_path / "bands.toml"
    path.write_text('[[bands]]\nkey = "lulus"\nlabel_id = "Lulus"\nlabel_en = "Passed"\n'
                    'min_score = 0\npassed = true\n', encoding="utf-8")
    with app.app_context():
        app.config["SEMINAR_PREDICATE_BANDS"] = str(path)
        try:
            assert [band.key for band in predicate_bands()] == ["lulus"]
        finally:
            app.config["SEMINAR_PREDICATE_BANDS"] = ""
        assert len(predicate_bands()) == len(data["bands"])

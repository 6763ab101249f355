"""Frameworks as data: reading and checking a folder, syncing it, the index and its
predicate."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.benchmarking.frameworks import FrameworkError, load_framework, sync_framework
from app.benchmarking.index import MissingLevels, compute_index, predicate_for
from app.benchmarking.models import Framework, FrameworkBand, FrameworkElement
from tests.benchmarking.conftest import SPBE_2020


def indicators(db, framework):
    return db.session.scalars(select(FrameworkElement).filter_by(
        framework_id=framework.id, kind="indicator")).all()


def test_spbe_2020_has_4_domains_8_aspects_47_indicators_and_5_bands():
    data = load_framework(SPBE_2020)
    assert (len(data.domains), len(data.aspects), len(data.indicators), len(data.bands)) == \
        (4, 8, 47, 5)
    assert data.slug == "spbe-2020" and data.source == "PermenPANRB 59/2020"
    assert sum(i.weight for i in data.indicators) == 100


def test_index_of_all_level_3_is_3(db, spbe):
    assert compute_index(indicators(db, spbe), {i.id: 3 for i in indicators(db, spbe)}) == \
        Decimal("3.00")


def test_index_of_a_mix_is_weighted_by_hand(db, spbe):
    # Indicator 1 (1.3 %) at level 5, the other 98.7 % at level 2:
    # (1.3 × 5 + 98.7 × 2) / 100 = (6.5 + 197.4) / 100 = 2.039 → 2.04
    levels = {str(n): 2 for n in range(1, 48)} | {"1": 5}
    assert compute_index(indicators(db, spbe), levels) == Decimal("2.04")


def test_index_rounds_half_up(db, spbe):
    # Indicator 11 (2.5 %) at level 2, the rest at 1: 102.5 / 100 = 1.025 → 1.03 (not 1.02)
    levels = {str(n): 1 for n in range(1, 48)} | {"11": 2}
    assert compute_index(indicators(db, spbe), levels) == Decimal("1.03")


def test_index_needs_every_indicator(db, spbe):
    with pytest.raises(MissingLevels) as error:
        compute_index(indicators(db, spbe), {str(n): 3 for n in range(1, 47)})
    assert error.value.codes == ["47"]


@pytest.mark.parametrize("index, predicate", [
    ("1.00", "Kurang"), ("1.79", "Kurang"), ("1.80", "Cukup"), ("2.59", "Cukup"),
    ("2.60", "Baik"), ("3.49", "Baik"), ("3.50", "Sangat Baik"), ("4.19", "Sangat Baik"),
    ("4.20", "Memuaskan"), ("5.00", "Memuaskan"),
])
def test_spbe_2020_band_boundaries(db, spbe, index, predicate):
    bands = db.session.scalars(select(FrameworkBand).filter_by(framework_id=spbe.id)).all()
    assert predicate_for(bands, Decimal(index)) == predicate


def test_no_predicate_outside_the_scale(db, spbe):
    bands = db.session.scalars(select(FrameworkBand).filter_by(framework_id=spbe.id)).all()
    assert predicate_for(bands, Decimal("5.01")) is None
    assert predicate_for(bands, Decimal("0.99")) is None


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(folder):
    with pytest.raises(FrameworkError) as error:
        load_framework(folder)
    return error.value.problems


def test_it_rejects_weights_that_do_not_sum_to_100(framework_copy):
    rewrite(framework_copy / "indicators.csv", "SPBE,1.3,", "SPBE,0.3,")
    assert problems_of(framework_copy) == ["indicators.csv: the weights sum to 99.00, not 100"]


def test_it_rejects_a_gap_between_bands(framework_copy):
    rewrite(framework_copy / "bands.csv", "Cukup,1.8,", "Cukup,1.9,")
    assert problems_of(framework_copy) == ["bands.csv row 3: gap from 1.8 to 1.9"]


def test_it_rejects_overlapping_bands(framework_copy):
    rewrite(framework_copy / "bands.csv", "Baik,2.6,", "Baik,2.5,")
    assert problems_of(framework_copy) == ["bands.csv row 4: Baik overlaps Cukup (2.5 < 2.6)"]


def test_it_rejects_bands_short_of_the_scale(framework_copy):
    rewrite(framework_copy / "bands.csv", "Memuaskan,4.2,5.0", "Memuaskan,4.2,4.9")
    assert problems_of(framework_copy) == [
        "bands.csv row 6: the highest band ends at 4.9, not at the scale's maximum 5"]


def test_it_rejects_a_missing_column(framework_copy):
    rewrite(framework_copy / "indicators.csv", "weight_percent", "weight")
    assert problems_of(framework_copy) == ["indicators.csv row 1: missing column weight_percent"]


def test_it_rejects_a_blank_field_and_a_non_numeric_weight(framework_copy):
    rewrite(framework_copy / "indicators.csv", "Arsitektur SPBE,1.3,", "Arsitektur SPBE,,")
    rewrite(framework_copy / "indicators.csv", "Peta Rencana SPBE,1.3,", "Peta Rencana SPBE,x,")
    problems = problems_of(framework_copy)
    assert "indicators.csv row 2: weight_percent is blank" in problems
    assert "indicators.csv row 3: weight_percent 'x' is not a number" in problems


def test_it_rejects_an_aspect_named_two_ways(framework_copy):
    rewrite(framework_copy / "indicators.csv", "Peta Rencana SPBE,1.3,1,Kebijakan Internal Tata",
            "Peta Rencana SPBE,1.3,1,Kebijakan Tata")
    assert problems_of(framework_copy) == [
        "indicators.csv row 3: aspect 1 is 'Kebijakan Tata Kelola SPBE' in domain 1 here but "
        "'Kebijakan Internal Tata Kelola SPBE' in domain 1 in row 2"]


def test_loading_twice_changes_nothing(db, spbe):
    def counts():
        return [db.session.scalar(select(func.count()).select_from(model))
                for model in (Framework, FrameworkElement, FrameworkBand)]

    before = counts()
    _framework, summary = sync_framework(load_framework(SPBE_2020))
    assert counts() == before
    assert summary == {"created": False, "elements changed": 0, "removed": 0}


SEVEN_ASPECTS = """indicator,name,weight_percent,aspect,aspect_name,domain,domain_name
{rows}"""
BANDS_2026 = """predicate,min_inclusive,max_exclusive
Kurang,1.0,1.5
Cukup,1.5,2.5
Baik,2.5,3.5
Sangat Baik,3.5,4.0
Memuaskan,4.0,5.0
"""


def test_a_second_framework_loads_without_code_changes(db, spbe, tmp_path):
    folder = tmp_path / "pd-2026"
    folder.mkdir()
    (folder / "framework.toml").write_text(
        'slug = "pd-2026"\nname = "Pemerintah Digital 2026"\nsource = "test"\n'
        "scale_min = 1\nscale_max = 5\n", encoding="utf-8")
    # 20 indicators of 5 % in 7 aspects (three each, two in the last), aspects 1-4 in domain 1.
    rows = [f"{n},Indikator {n},5,{a},Aspek {a},{d},Domain {d}"
            for n, a in ((n, (n - 1) // 3 + 1) for n in range(1, 21))
            for d in [1 if a <= 4 else 2]]
    (folder / "indicators.csv").write_text(SEVEN_ASPECTS.format(rows="\n".join(rows)),
                                           encoding="utf-8")
    (folder / "bands.csv").write_text(BANDS_2026, encoding="utf-8")

    framework, summary = sync_framework(load_framework(folder))

    assert summary["created"] and framework.id != spbe.id
    kinds = db.session.execute(select(FrameworkElement.kind, func.count()).filter_by(
        framework_id=framework.id).group_by(FrameworkElement.kind)).all()
    assert dict(kinds) == {"domain": 2, "aspect": 7, "indicator": 20}
    bands = db.session.scalars(select(FrameworkBand).filter_by(framework_id=framework.id)).all()
    assert predicate_for(bands, Decimal("3.99")) == "Sangat Baik"
    assert predicate_for(bands, Decimal("4.00")) == "Memuaskan"

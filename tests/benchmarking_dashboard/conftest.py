"""A mini SPBE framework (2 domains, 3 aspects, 6 indicators weighing 100, the SPBE 2020 bands)
and scores of West Java's regions, built directly so these tests need no loader."""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.benchmarking.models import (Framework, FrameworkBand, FrameworkElement, IndicatorLevel,
                                     RegionScore)

# aspect code -> (domain code, indicator weights)
ASPECTS = {"A1": ("D1", (10, 20)), "A2": ("D1", (15, 15)), "A3": ("D2", (25, 15))}
BANDS = (("Kurang", "1.0", "1.8"), ("Cukup", "1.8", "2.6"), ("Baik", "2.6", "3.5"),
         ("Sangat Baik", "3.5", "4.2"), ("Memuaskan", "4.2", "5.0"))
WEIGHTS = [weight for _domain, weights in ASPECTS.values() for weight in weights]


@pytest.fixture
def framework(db):
    framework = Framework(slug="spbe-mini", name="SPBE mini", source="tests")
    db.session.add(framework)
    db.session.flush()
    position = iter(range(1, 100))

    def element(kind, code, parent=None, weight=None):
        row = FrameworkElement(framework_id=framework.id, kind=kind, code=code,
                               name=f"{kind.title()} {code}", weight=weight,
                               parent_id=parent.id if parent else None, position=next(position))
        db.session.add(row)
        db.session.flush()
        return row

    elements = {code: element("domain", code) for code in ("D1", "D2")}
    indicators = []
    for code, (domain, weights) in ASPECTS.items():
        elements[code] = element("aspect", code, elements[domain])
        for weight in weights:
            indicators.append(element("indicator", f"I{len(indicators) + 1}", elements[code],
                                      Decimal(weight)))
    for number, (predicate, low, high) in enumerate(BANDS, start=1):
        db.session.add(FrameworkBand(framework_id=framework.id, position=number,
                                     predicate=predicate, min_index=Decimal(low),
                                     max_index=Decimal(high)))
    db.session.flush()
    return SimpleNamespace(framework=framework, elements=elements, indicators=indicators)


def predicate_of(index):
    return next(name for name, low, high in reversed(BANDS) if index >= Decimal(low))


@pytest.fixture
def make_score(db, framework):
    """A region's score: from indicator levels (the index then follows from the weights) or
    from an index alone."""
    def make(region_code, index=None, levels=None, year=2024, stage="official"):
        if levels is not None:
            index = sum(w * level for w, level in zip(WEIGHTS, levels)) / Decimal(100)
        index = Decimal(str(index))
        score = RegionScore(region_code=region_code, framework_id=framework.framework.id,
                            year=year, stage=stage, index=index, predicate=predicate_of(index))
        db.session.add(score)
        db.session.flush()
        for indicator, level in zip(framework.indicators, levels or ()):
            db.session.add(IndicatorLevel(score_id=score.id, element_id=indicator.id,
                                          level=level))
        db.session.flush()
        return score

    return make


@pytest.fixture
def west_java(make_score):
    """Six West Java regions (Sumedang and Kabupaten Bandung tie at 3.20), two of Central Java,
    and West Java's own provincial score, which is no peer of its regencies and cities."""
    make_score("32.73", levels=(3, 5, 4, 4, 4, 4))      # Kota Bandung 4.10
    make_score("32.71", index="3.60")                    # Kota Bogor
    make_score("32.11", levels=(5, 4, 2, 2, 4, 2))      # Kabupaten Sumedang 3.20
    make_score("32.04", levels=(2, 3, 4, 4, 3, 3))      # Kabupaten Bandung 3.20
    make_score("32.72", index="2.90", stage="self_assessment")  # Kota Sukabumi
    make_score("32.01", index="2.50")                    # Kabupaten Bogor, official...
    make_score("32.01", index="3.90", stage="self_assessment")  # ...shown over its own claim
    make_score("33.01", index="3.80")                    # Kabupaten Cilacap
    make_score("33.74", index="4.50")                    # Kota Semarang
    make_score("32", index="3.00")                       # Provinsi Jawa Barat
    make_score("32.11", index="2.40", year=2022)
    make_score("32.11", index="2.80", year=2023, stage="self_assessment")

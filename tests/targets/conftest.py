"""The targets cast: the plans cast's participant from Kabupaten Sumedang (32.11), whose 2024
scores under SPBE 2020 put every indicator at level 3 but a few."""
import pytest
from sqlalchemy import select

from app.benchmarking.models import FrameworkElement
from app.benchmarking.services import record_score
from app.regions.models import Region
from tests.benchmarking.conftest import spbe  # noqa: F401
from tests.plans.conftest import coach, mentor, participant, plan_in  # noqa: F401

# Indicator code: level in the official 2024 score; the rest are at 3.
# 1 (weight 1.3) and 11 (2.5) and 32 (2.75) are weak; 42 (3.0) is strong.
OFFICIAL = {"1": 1, "11": 2, "32": 2, "42": 4}


@pytest.fixture
def indicators(spbe, db):  # noqa: F811
    """The framework's indicators by code."""
    return {element.code: element for element in db.session.scalars(
        select(FrameworkElement).filter_by(framework_id=spbe.id, kind="indicator"))}


@pytest.fixture
def sumedang_scores(db, spbe, indicators, participant):  # noqa: F811
    participant.region_code = "32.11"
    region = db.session.get(Region, "32.11")
    levels = {code: OFFICIAL.get(code, 3) for code in indicators}
    record_score(None, region, spbe, 2024, "official", levels=levels)
    # The self-assessment of the same year is all 1s: the official score wins.
    record_score(None, region, spbe, 2024, "self_assessment",
                 levels=dict.fromkeys(indicators, 1))
    db.session.flush()
    return region


@pytest.fixture
def ids(indicators):
    def by_code(planned):
        return {indicators[code].id: level for code, level in planned.items()}

    return by_code

"""A hand-built outcome example on the mini SPBE framework of the dashboard tests."""
from datetime import date

import pytest

from app.enrolment.services import enroll
from tests.benchmarking_dashboard.conftest import framework, make_score  # noqa: F401

# region -> {year: index} (official unless noted in SELF_ASSESSED)
SCORES = {
    # reached in round I (2023): baseline 2022 = 2.50, latest 2024 = 3.50, change 1.00
    "32.73": {2021: "2.00", 2022: "2.50", 2023: "3.00", 2024: "3.50"},
    # reached in round II (2024): baseline 2023 = 2.40 (official over its 2.90 claim),
    # latest 2025 = 3.00, change 0.60
    "32.11": {2022: "2.20", 2023: "2.40", 2024: "2.70", 2025: "3.00"},
    # not reached (Kota Bogor, Kabupaten Bandung): 2022->2024 +0.20, +0.40; 2023->2025 +0.30,
    # +0.20
    "32.71": {2022: "3.00", 2023: "3.10", 2024: "3.20", 2025: "3.40"},
    "32.04": {2022: "2.00", 2023: "2.30", 2024: "2.40", 2025: "2.50"},
    # not reached, only 2023 and 2025 scored: compared with Sumedang only (+1.00)
    "32.01": {2023: "1.90", 2025: "2.90"},
    # another province: never compared
    "33.01": {2022: "1.00", 2024: "4.00"},
}


@pytest.fixture
def example(db, make_score, make_user, make_cohort, program, cohort):  # noqa: F811
    """Round I (2023) trains two people of Kota Bandung, round II (2024) one of Sumedang; a
    mentor from Kabupaten Bandung does not make it reached."""
    for code, years in SCORES.items():
        for year, index in years.items():
            make_score(code, index=index, year=year)
    make_score("32.11", index="2.90", year=2023, stage="self_assessment")
    cohort.starts_on, cohort.ends_on = date(2023, 3, 1), date(2023, 3, 30)
    second = make_cohort(program, name="Angkatan II", starts_on=date(2024, 2, 1),
                         ends_on=date(2024, 2, 28))
    for region, round_ in (("32.73", cohort), ("32.73", cohort), ("32.11", second)):
        enroll(round_, make_user(region_code=region), actor=None)
    enroll(cohort, make_user(roles=("mentor",), region_code="32.04"), "mentor",
           actor=None)
    db.session.flush()
    return second

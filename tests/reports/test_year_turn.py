"""JP years and months are the organisation's calendar's (Jakarta's by default), whatever the
hour in UTC: a session half an hour before midnight on New Year's Eve counts in the old year,
one half an hour after in the new, though both are on 31 December in UTC; month ends and a
leap day are cut the same way; and the report, My JP and My learning open on the year it is
in Jakarta."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.reports.jp import JpFilters, report_rows
from app.reports.person_jp import person_jp, person_years

WIB = timezone(timedelta(hours=7))
EVE = datetime(2026, 12, 31, 23, 30, tzinfo=WIB)
NEW_YEAR = datetime(2027, 1, 1, 0, 30, tzinfo=WIB)


def report_jp(user, year):
    return {row.id: row.total_jp for row in report_rows(JpFilters(year), None, 20)}.get(user.id)


@pytest.fixture
def either_side_of_midnight(db, cohort, enrollment, make_session, attend):
    """Sessions of 2 JP at 23:30 on New Year's Eve and 3 JP at 00:30 on New Year's Day, both
    attended."""
    for starts_at, jp in ((EVE, 2), (NEW_YEAR, 3)):
        attend(enrollment, make_session(cohort, starts_at=starts_at, jp=Decimal(jp)))
    assert EVE.astimezone(timezone.utc).date() == NEW_YEAR.astimezone(timezone.utc).date()


def test_each_session_counts_in_its_own_jakarta_year(db, participant, either_side_of_midnight):
    assert report_jp(participant, 2026) == person_jp(participant.id, 2026).total == 2
    assert report_jp(participant, 2027) == person_jp(participant.id, 2027).total == 3
    assert person_jp(participant.id, 2026).by_month[11] == 2
    assert person_jp(participant.id, 2027).by_month[0] == 3
    assert person_years(participant.id, 2027) == [2027, 2026]


@pytest.mark.parametrize("moment, year", [(EVE, 2026), (NEW_YEAR, 2027)],
                         ids=["23:30 on new year's eve", "00:30 on new year's day"])
def test_the_pages_open_on_the_year_it_is_in_jakarta(
        client, sign_in_en, set_clock, organiser, participant, either_side_of_midnight,
        moment, year):
    set_clock(moment)
    sign_in_en(organiser)
    assert f'<option selected value="{year}">{year}</option>' in client.get(
        "/manage/reports/jp").text
    client.post("/sign-out", data={})
    sign_in_en(participant)
    jp = 2 if year == 2026 else 3
    assert f"{jp} of 20 JP in {year}" in client.get("/jp").text
    assert f"Your JP in {year}" in client.get("/").text


@pytest.mark.parametrize("local_start, month", [
    (datetime(2027, 1, 31, 23, 30, tzinfo=WIB), 1),
    (datetime(2027, 2, 1, 0, 30, tzinfo=WIB), 2),
    (datetime(2028, 2, 29, 23, 30, tzinfo=WIB), 2),
    (datetime(2028, 3, 1, 0, 30, tzinfo=WIB), 3),
], ids=["january's last half hour", "february's first", "the leap day's last",
        "march's first"])
def test_a_month_ends_at_midnight_in_jakarta(db, cohort, enrollment, participant, make_session,
                                             attend, local_start, month):
    attend(enrollment, make_session(cohort, starts_at=local_start, jp=Decimal(2)))
    jp = person_jp(participant.id, local_start.year)
    assert [item.earned_on for item in jp.items] == [local_start.date()]
    assert jp.by_month[month - 1] == 2 and (month == 1 or jp.by_month[month - 2] == 0)

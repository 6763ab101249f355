"""A certificate is dated, and numbered in the year, of the organisation's own day (Jakarta's
by default), not of UTC's: half an hour into New Year's Day in Jakarta it is still 31
December in UTC. Whoever issues it — the organiser one by one, a bulk run, or the holder's
own write that completes the program — the day is the same."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.certificates.bulk import start_bulk_issue
from app.certificates.models import Certificate

WIB = timezone(timedelta(hours=7))
MOMENTS = {
    "23:30 on new year's eve": (datetime(2026, 12, 31, 23, 30, tzinfo=WIB), date(2026, 12, 31)),
    "00:30 on new year's day": (datetime(2027, 1, 1, 0, 30, tzinfo=WIB), date(2027, 1, 1)),
    "a leap day": (datetime(2028, 2, 29, 23, 45, tzinfo=WIB), date(2028, 2, 29)),
    "a month's last minutes": (datetime(2027, 4, 30, 23, 59, tzinfo=WIB), date(2027, 4, 30)),
}
CASES = pytest.mark.parametrize("moment, day", MOMENTS.values(), ids=MOMENTS.keys())


def the_certificate(db, enrollment):
    return db.session.scalar(select(Certificate).filter_by(enrollment_id=enrollment.id))


def assert_dated(certificate, day):
    assert certificate.issued_on == day
    assert certificate.number == f"BPSDM-JABAR/PROGRAM/{day.year}/0001"


@CASES
def test_the_organiser_issues_on_the_organisations_day(
        client, sign_in, db, set_clock, organiser, cohort, completed, stub_pdf, moment, day):
    set_clock(moment)
    sign_in(organiser)
    response = client.post(f"/manage/cohorts/{cohort.id}/certificates/issue/{completed.id}",
                           data={})
    assert response.status_code == 302
    assert_dated(the_certificate(db, completed), day)


@CASES
def test_a_bulk_run_issues_on_the_organisations_day(db, set_clock, organiser, cohort,
                                                    completed, stub_pdf, moment, day):
    set_clock(moment)
    start_bulk_issue(organiser, cohort)
    assert_dated(the_certificate(db, completed), day)


@CASES
def test_the_holders_completing_write_issues_on_the_organisations_day(
        client, sign_in, db, set_clock, holder, enrollment, last_lesson, stub_pdf, moment,
        day):
    set_clock(moment)
    sign_in(holder)
    assert client.post(last_lesson, data={}).status_code == 302
    assert_dated(the_certificate(db, enrollment), day)


def test_the_badge_is_valid_from_midnight_of_that_day_in_jakarta(
        client, sign_in, db, set_clock, holder, enrollment, last_lesson, stub_pdf):
    set_clock(MOMENTS["00:30 on new year's day"][0])
    sign_in(holder)
    client.post(last_lesson, data={})
    certificate = the_certificate(db, enrollment)
    badge = json.loads(client.get(f"/certificates/{certificate.id}/badge.json").text)
    assert badge["validFrom"] == "2027-01-01T00:00:00+07:00"


def test_in_papua_the_day_turns_two_hours_before_jakartas(
        app, db, monkeypatch, set_clock, organiser, cohort, completed, stub_pdf):
    monkeypatch.setitem(app.config, "TIMEZONE", "Asia/Jayapura")
    set_clock(datetime(2026, 12, 31, 22, 30, tzinfo=WIB))  # 00:30 on 1 January in Jayapura
    start_bulk_issue(organiser, cohort)
    assert_dated(the_certificate(db, completed), date(2027, 1, 1))

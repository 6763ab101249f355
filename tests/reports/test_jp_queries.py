"""What counts as JP, and in which year: the report's definition, read straight from the
queries."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.content.models import Activity
from app.reports.jp import JpFilters, report_rows, report_years, year_bounds

TARGET = 20


def report(year=2026, organisation_ids=None, **filters):
    return {row.name: row for row in report_rows(JpFilters(year, **filters), organisation_ids,
                                                 TARGET)}


def test_a_jakarta_year_begins_at_five_pm_utc_the_day_before(db):
    assert year_bounds(2027) == (datetime(2026, 12, 31, 17, tzinfo=timezone.utc),
                                 datetime(2027, 12, 31, 17, tzinfo=timezone.utc))


def test_the_year_is_the_organisations_own_in_papua(db, app, monkeypatch):
    monkeypatch.setitem(app.config, "TIMEZONE", "Asia/Jayapura")
    assert year_bounds(2028) == (datetime(2027, 12, 31, 15, tzinfo=timezone.utc),
                                 datetime(2028, 12, 31, 15, tzinfo=timezone.utc))


def test_a_course_counts_only_once_every_live_activity_is_done(
        db, courses, enrollment, participant, finish_course):
    platforms, change = courses
    finish_course(enrollment, platforms)
    finish_course(enrollment, change, leave=1)
    row = report()[participant.name]
    assert (row.course_jp, row.session_jp, row.total_jp) == (4, 0, 4)


def test_an_archived_activity_is_not_needed(db, courses, enrollment, participant,
                                            finish_course):
    platforms, _change = courses
    quiz = db.session.scalar(select(Activity).filter_by(course_id=platforms.id, kind="quiz"))
    quiz.archived_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    db.session.flush()
    finish_course(enrollment, platforms)
    assert report()[participant.name].course_jp == 4


@pytest.mark.parametrize("last_done_utc, year", [
    (datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc), 2026),  # 23:30 in Jakarta
    (datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc), 2027),  # 00:30 on 1 January
])
def test_a_course_counts_in_the_jakarta_year_of_its_last_completion(
        db, courses, enrollment, participant, finish_course, last_done_utc, year):
    finish_course(enrollment, courses[0], at=last_done_utc)
    assert report(year)[participant.name].course_jp == 4
    other_year = report(2027 if year == 2026 else 2026)
    assert participant.name not in other_year or other_year[participant.name].course_jp == 0


def test_session_jp_counts_only_when_present_or_late(
        db, cohort, enrollment, participant, make_session, attend):
    for status, jp in (("present", "2"), ("late", "1.5"), ("excused", "3"), ("absent", "5")):
        attend(enrollment, make_session(cohort, jp=Decimal(jp)), status)
    row = report()[participant.name]
    assert (row.course_jp, row.session_jp, row.total_jp) == (0, Decimal("3.5"), Decimal("3.5"))


def test_a_session_counts_in_the_jakarta_year_it_started(
        db, cohort, enrollment, participant, make_session, attend):
    new_years_eve_late = datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc)  # 00:30 WIB
    attend(enrollment, make_session(cohort, starts_at=new_years_eve_late, jp=Decimal(3)))
    assert report(2027)[participant.name].session_jp == 3
    assert report(2026)[participant.name].session_jp == 0


@pytest.mark.parametrize("session_jp, met", [("11.5", False), ("12", True)])
def test_the_target_is_met_from_twenty_jp(db, courses, cohort, enrollment, participant,
                                          finish_course, make_session, attend, session_jp, met):
    for course in courses:
        finish_course(enrollment, course)
    attend(enrollment, make_session(cohort, jp=Decimal(session_jp)))
    row = report()[participant.name]
    assert row.total_jp == 8 + Decimal(session_jp)
    assert row.target_met is met


def test_participants_of_a_round_running_that_year_are_listed_with_nothing(
        db, cohort, participant, make_cohort, program, enrol):
    earlier = enrol(make_cohort(program, name="2024 round", starts_on=datetime(2024, 3, 1).date(),
                                ends_on=datetime(2024, 4, 1).date()), name="Past Person")
    rows = report()
    assert rows[participant.name].total_jp == 0
    assert rows[participant.name].target_met is False
    assert rows[participant.name].cohorts == 1
    assert "Past Person" not in rows
    assert earlier.user_id in {row.id for row in report(2024).values()}


def test_jp_from_several_rounds_adds_up(db, courses, cohort, enrollment, participant, program,
                                        make_cohort, enrol, finish_course, make_session, attend):
    second = enrol(make_cohort(program, name="Angkatan II"), user=participant)
    finish_course(enrollment, courses[0])
    finish_course(second, courses[1])
    attend(second, make_session(second.cohort, jp=Decimal("2.5")))
    row = report()[participant.name]
    assert (row.course_jp, row.session_jp, row.total_jp, row.cohorts) == (
        8, Decimal("2.5"), Decimal("10.5"), 2)


def test_region_filter_takes_a_province_with_its_regencies_or_one_regency(db, cohort, enrol):
    for name, region_code in (("Sumedang", "32.11"), ("Jabar", "32"), ("Cilacap", "33.01"),
                              ("Nowhere", None)):
        enrol(cohort, name=name, region_code=region_code)
    assert set(report(region="32")) == {"Sumedang", "Jabar"}
    assert set(report(region="32.11")) == {"Sumedang"}
    assert set(report(region="33")) == {"Cilacap"}
    assert report(region="32.11")["Sumedang"].region_name == "Kabupaten Sumedang"


def test_people_are_sorted_furthest_from_the_target_first_or_by_name(
        db, courses, cohort, enrol, finish_course):
    finish_course(enrol(cohort, name="Ani"), courses[0])
    enrol(cohort, name="Budi")
    assert list(report()) == ["Budi", "Ani"]
    assert list(report(sort="name")) == ["Ani", "Budi"]


def test_an_organisation_sees_only_jp_earned_in_its_rounds(
        db, courses, organisation, cohort, enrollment, participant, make_organisation,
        make_program, make_cohort, enrol, finish_course):
    other = make_organisation()
    theirs = enrol(make_cohort(make_program(courses, organisation=other, slug="theirs")),
                   user=participant)
    finish_course(enrollment, courses[0])
    finish_course(theirs, courses[1])
    assert report(organisation_ids={organisation.id})[participant.name].total_jp == 4
    assert report(organisation_ids={other.id})[participant.name].total_jp == 4
    assert report(organisation_ids=None)[participant.name].total_jp == 8
    assert report(organisation_ids=set()) == {}


def test_years_run_from_the_first_to_the_last_with_data_and_include_this_year(
        db, courses, enrollment, finish_course, organisation):
    # The first completion is a day earlier: 31 December 2023 18:00 UTC, in 2024 in Jakarta.
    finish_course(enrollment, courses[0], at=datetime(2024, 1, 1, 18, tzinfo=timezone.utc))
    assert report_years({organisation.id}, 2026) == [2026, 2025, 2024]
    assert report_years(set(), 2026) == [2026]


def test_decimals_that_add_up_to_twenty_meet_the_target(
        db, cohort, enrollment, participant, make_session, attend):
    for jp in ["2.2"] * 9 + ["0.2"]:  # as floats, these add up to 19.999999999999996
        attend(enrollment, make_session(cohort, jp=Decimal(jp)))
    row = report()[participant.name]
    assert row.total_jp == 20
    assert row.target_met is True

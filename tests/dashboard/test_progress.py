"""The dashboard's read side: the matrix, attendance shares, statuses, order, pages and the
progress over time, at fixed moments."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.enrolment.services import enroll
from app.learning.pace import BEHIND_BY, expected_progress, participant_status
from app.reports.dashboard import all_rows, dashboard
from app.rounds.models import Enrollment
from app.rounds.services import set_completion_rules
from tests.dashboard.conftest import NOW


def board_for(cohort, now=NOW, sort="name", page=1, per_page=50):
    return dashboard(cohort, sort=sort, page=page, now=now, per_page=per_page)


def only_row(cohort, now=NOW):
    [row] = board_for(cohort, now).rows
    return row


# --- the matrix ----------------------------------------------------------------------------

def test_columns_are_the_program_modules_under_their_courses(db, cohort, activities):
    board = board_for(cohort)
    assert [(title, [c.title for c in columns]) for title, columns in board.courses] == [
        ("Course platforms", ["Module 1"]), ("Course change", ["Module 1"])]
    assert [column.total for column in board.columns] == [3, 3]


def test_each_module_cell_is_the_share_of_its_required_activities_done(
        db, cohort, enrollment, activities, complete):
    complete(enrollment, activities[:2])
    row = only_row(cohort)
    first, second = (row.modules[column.id] for column in board_for(cohort).columns)
    assert (first.done, first.total, first.percent) == (2, 3, 67)
    assert (second.done, second.total, second.percent) == (0, 3, 0)
    assert (row.progress.done, row.progress.total, row.progress.percent) == (2, 6, 33)


def test_optional_and_archived_activities_are_left_out(
        db, program, cohort, enrollment, activities, complete):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=None,
                         requires_action_plan=False,
                         optional_activity_ids=[activities[0].id])
    activities[3].archived_at = NOW
    complete(enrollment, activities[:2] + activities[4:5])
    row = only_row(cohort)
    assert [(p.done, p.total) for p in row.modules.values()] == [(1, 2), (1, 2)]
    assert row.progress.percent == 50


def test_attendance_share_counts_present_and_late_of_the_sessions_held(
        db, cohort, enrollment, make_session, attend):
    held = [make_session(cohort, starts_at=NOW - timedelta(days=day)) for day in (1, 2, 3, 4)]
    upcoming = make_session(cohort, starts_at=NOW + timedelta(hours=1))
    for session, status in zip(held, ("present", "late", "excused", "absent")):
        attend(enrollment, session, status)
    attend(enrollment, upcoming, "present")
    row = only_row(cohort)
    assert (row.attendance.done, row.attendance.total, row.attendance_percent) == (2, 4, 50)
    assert board_for(cohort).sessions_held == 4


def test_attendance_share_is_none_before_any_session_ends(db, cohort, enrollment, make_session):
    make_session(cohort, starts_at=NOW - timedelta(hours=1))  # still running until NOW + 1h
    assert only_row(cohort).attendance_percent is None


# --- statuses ------------------------------------------------------------------------------

@pytest.mark.parametrize("today, expected", [
    (date(2026, 11, 10), 0), (date(2026, 11, 16), 0), (date(2026, 11, 21), 20),
    (date(2026, 11, 26), 40), (date(2026, 12, 11), 100), (date(2027, 1, 5), 100)])
def test_expected_pace_is_the_share_of_the_round_passed(cohort, today, expected):
    assert expected_progress(cohort, today) == expected


@pytest.mark.parametrize("progress, expected, attendance, status", [
    (20, 40, None, "on_track"),   # exactly BEHIND_BY points below
    (19.9, 40, None, "behind"),   # more than that
    (0, 20, None, "on_track"),
    (90, 100, 75, "on_track"),    # attendance at the minimum
    (90, 100, 74.9, "behind"),    # attendance below it
    (90, 100, None, "on_track"),  # no session held yet
])
def test_status_rule_thresholds(progress, expected, attendance, status):
    assert BEHIND_BY == 20
    assert participant_status(complete=False, progress=progress, expected=expected,
                              attendance=attendance, min_attendance=75) == status


def test_status_rule_ignores_attendance_when_the_program_sets_no_minimum():
    assert participant_status(complete=False, progress=50, expected=50, attendance=0,
                              min_attendance=None) == "on_track"


def test_status_is_completed_when_the_completion_rules_are_met(
        db, cohort, enrollment, activities, complete):
    complete(enrollment, activities)
    assert only_row(cohort, now=datetime(2027, 1, 5, tzinfo=timezone.utc)).status == "completed"


@pytest.mark.parametrize("day, status", [(21, "on_track"), (22, "behind")])
def test_participant_falls_behind_more_than_twenty_points_below_the_pace(
        db, cohort, enrollment, day, status):
    # Nothing done: on 21 Nov the pace is 20% (exactly 20 points ahead), on 22 Nov 24%.
    now = datetime(2026, 11, day, 5, 0, tzinfo=timezone.utc)
    assert only_row(cohort, now).status == status


@pytest.mark.parametrize("attended, status", [(3, "on_track"), (2, "behind")])
def test_participant_falls_behind_below_the_minimum_attendance(
        db, program, cohort, enrollment, activities, complete, make_session, attend,
        attended, status):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=75,
                         requires_action_plan=False, optional_activity_ids=[])
    complete(enrollment, activities[:3])  # 50%, ahead of the 40% pace
    sessions = [make_session(cohort, starts_at=NOW - timedelta(days=day)) for day in range(1, 5)]
    for session in sessions[:attended]:
        attend(enrollment, session)
    assert only_row(cohort).status == status


def test_attendance_does_not_count_before_any_session_is_held(
        db, program, cohort, enrollment, make_session):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=75,
                         requires_action_plan=False, optional_activity_ids=[])
    make_session(cohort, starts_at=NOW + timedelta(days=1))
    now = datetime(2026, 11, 16, 5, 0, tzinfo=timezone.utc)  # the first day: pace 0%
    assert only_row(cohort, now).status == "on_track"


# --- order and pages -----------------------------------------------------------------------

@pytest.fixture
def three(db, cohort, make_user, activities, complete):
    """Ani has done three activities, budi none, Citra one."""
    for name, done in (("Citra", 1), ("budi", 0), ("Ani", 3)):
        complete(enroll(cohort, make_user(name=name), actor=None), activities[:done])


@pytest.mark.parametrize("sort, names", [
    ("name", ["Ani", "budi", "Citra"]),
    ("progress", ["budi", "Citra", "Ani"]),
    ("-progress", ["Ani", "Citra", "budi"]),
    ("nonsense", ["Ani", "budi", "Citra"]),
])
def test_participants_sort_by_name_or_progress(db, cohort, three, sort, names):
    assert [row.user.name for row in board_for(cohort, sort=sort).rows] == names


def test_progress_ties_are_ordered_by_name(db, cohort, three, make_user):
    enroll(cohort, make_user(name="Aang"), actor=None)
    assert [row.user.name for row in board_for(cohort, sort="progress").rows] == [
        "Aang", "budi", "Citra", "Ani"]


def test_pages_follow_the_sort_order(db, cohort, three):
    first = board_for(cohort, sort="-progress", per_page=2)
    second = board_for(cohort, sort="-progress", page=2, per_page=2)
    assert [row.user.name for row in first.rows] == ["Ani", "Citra"]
    assert [row.user.name for row in second.rows] == ["budi"]
    assert (first.pagination.total, first.pagination.pages) == (3, 2)


def test_only_participants_are_listed(db, cohort, enrollment, coach, mentor):
    assert [row.user.name for row in board_for(cohort).rows] == ["Dewi Participant"]


def test_every_row_of_the_export_comes_in_batches_by_name(db, cohort, three):
    _columns, _sessions, rows = all_rows(cohort, NOW, batch_size=2)
    assert [row.user.name for row in rows] == ["Ani", "budi", "Citra"]


# --- progress over time --------------------------------------------------------------------

def test_series_is_the_cumulative_share_per_day_at_the_venue(
        db, cohort, enrollment, make_user, activities, complete, coach):
    other = enroll(cohort, make_user(), actor=None)
    complete(enrollment, activities[:1], at=datetime(2026, 11, 16, 2, tzinfo=timezone.utc))
    complete(enrollment, activities[1:3], at=datetime(2026, 11, 18, 2, tzinfo=timezone.utc))
    # 20:00 UTC on 18 Nov is 03:00 WIB on 19 Nov.
    complete(other, activities[:1], at=datetime(2026, 11, 18, 20, tzinfo=timezone.utc))
    coach_enrollment = db.session.scalar(select(Enrollment).filter_by(user_id=coach.id))
    complete(coach_enrollment, activities[5:], at=datetime(2026, 11, 17, 2, tzinfo=timezone.utc))
    now = datetime(2026, 11, 20, 5, tzinfo=timezone.utc)
    series = board_for(cohort, now).series
    assert [point.day for point in series] == [date(2026, 11, d) for d in range(16, 21)]
    assert [point.done for point in series] == [1, 1, 3, 4, 4]  # the coach's does not count
    assert [round(point.percent, 1) for point in series] == [8.3, 8.3, 25.0, 33.3, 33.3]


def test_series_starts_at_an_early_completion_and_is_empty_before_anything(
        db, cohort, enrollment, activities, complete):
    before = datetime(2026, 11, 1, 5, tzinfo=timezone.utc)
    assert board_for(cohort, before).series == []
    complete(enrollment, activities[:1], at=datetime(2026, 10, 30, 5, tzinfo=timezone.utc))
    series = board_for(cohort, before).series
    assert (series[0].day, series[-1].day) == (date(2026, 10, 30), date(2026, 11, 1))
    assert series[-1].done == 1

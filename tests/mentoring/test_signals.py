"""Signals on the coach's and mentor's home, each just below, at and just above its threshold,
and the order of urgency they give the participants."""
from datetime import timedelta

import pytest

from app.enrolment.services import enroll
from app.mentoring.signals import SIGNAL_RULES, Thresholds
from app.reports.dashboard import dashboard
from app.rounds.models import Attendance
from app.rounds.services import set_completion_rules
from tests.mentoring.guidance import (NOW, TODAY, add_assignment, add_milestone, add_plan,
                                      add_review, complete, first_activity, only_row, rows_for,
                                      signal_keys)


@pytest.fixture
def fixed_now(set_clock):
    return set_clock(NOW)


def test_the_registry_names_every_signal_with_a_weight():
    assert list(SIGNAL_RULES) == ["review_waiting", "endorsement_waiting", "milestone_overdue",
                                  "behind", "inactive"]
    assert all(rule.weight > 0 and rule.label for rule in SIGNAL_RULES.values())


def test_thresholds_default_to_seven_and_three_days(app):
    assert Thresholds.from_config(app.config) == Thresholds(inactive_days=7,
                                                            review_waiting_days=3)


# --- no activity for N days ------------------------------------------------------------------

@pytest.mark.parametrize("days, raised", [(6, False), (7, True), (8, True)])
def test_inactive_from_n_days_without_activity(db, coach, guided_enrollment, days, raised):
    complete(guided_enrollment, first_activity(), NOW - timedelta(days=days))
    row = only_row(coach)
    assert row.days_inactive == days
    assert ("inactive" in signal_keys(row)) is raised


def test_inactive_threshold_comes_from_the_thresholds(db, coach, guided_enrollment):
    complete(guided_enrollment, first_activity(), NOW - timedelta(days=8))
    row = only_row(coach, thresholds=Thresholds(inactive_days=9, review_waiting_days=3))
    assert "inactive" not in signal_keys(row)


def test_without_any_activity_the_days_count_from_the_rounds_start(db, coach, guided_enrollment):
    row = only_row(coach)  # the round began at 00:00 WIB on 16 November
    assert row.last_activity is None
    assert row.days_inactive == 10
    assert "inactive" in signal_keys(row)


def test_the_latest_of_every_kind_of_activity_is_the_last_activity(
        db, coach, guided_enrollment, make_session, cohort):
    complete(guided_enrollment, first_activity(), NOW - timedelta(days=9))
    add_plan(guided_enrollment, updated_at=NOW - timedelta(days=8))
    session = make_session(cohort, starts_at=NOW - timedelta(days=5))
    db.session.add(Attendance(session_id=session.id, enrollment_id=guided_enrollment.id,
                              status="present", recorded_at=NOW - timedelta(hours=1)))
    db.session.flush()
    # Attendance someone else recorded counts from the session's start, not the recording.
    assert only_row(coach).last_activity == NOW - timedelta(days=5)


def test_a_self_check_in_counts_when_it_was_made(
        db, coach, guided_enrollment, make_session, cohort):
    session = make_session(cohort, starts_at=NOW - timedelta(days=3))
    db.session.add(Attendance(session_id=session.id, enrollment_id=guided_enrollment.id,
                              status="late", self_checked_in=True,
                              recorded_at=NOW - timedelta(days=3) + timedelta(minutes=20)))
    db.session.flush()
    assert only_row(coach).last_activity == NOW - timedelta(days=3) + timedelta(minutes=20)


def test_an_absence_is_no_activity(db, coach, guided_enrollment, make_session, cohort):
    session = make_session(cohort, starts_at=NOW - timedelta(days=1))
    db.session.add(Attendance(session_id=session.id, enrollment_id=guided_enrollment.id,
                              status="absent"))
    db.session.flush()
    assert only_row(coach).last_activity is None


# --- behind the round's pace -----------------------------------------------------------------

@pytest.mark.parametrize("days_in, raised", [(19, False), (20, False), (21, True)])
def test_behind_when_more_than_20_points_below_the_pace(db, cohort, coach, guided_enrollment,
                                                        days_in, raised):
    # A 100-day round: on its day `days_in` a participant keeping pace has done days_in %.
    cohort.starts_on = TODAY - timedelta(days=days_in)
    cohort.ends_on = cohort.starts_on + timedelta(days=100)
    db.session.flush()
    row = only_row(coach)
    assert round(row.expected) == days_in and row.progress.done == 0
    assert ("behind" in signal_keys(row)) is raised
    # The cohort dashboard says the same.
    [dashboard_row] = dashboard(cohort, sort="name", page=1, now=NOW).rows
    assert (dashboard_row.status == "behind") is raised


def test_progress_counts_the_required_activities_only(db, program, cohort, coach,
                                                      guided_enrollment):
    activity = first_activity()
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=None,
                         requires_action_plan=False,
                         optional_activity_ids=[activity.id])
    complete(guided_enrollment, activity, NOW)
    progress = only_row(coach).progress
    assert (progress.done, progress.total) == (0, 5)


# --- overdue milestone -----------------------------------------------------------------------

@pytest.mark.parametrize("due_in, status, raised", [
    (-1, "planned", True), (-1, "in_progress", True), (0, "planned", False),
    (1, "planned", False), (-1, "done", False), (-1, "dropped", False)])
def test_a_milestone_is_overdue_after_its_due_day_unless_done_or_dropped(
        db, coach, guided_enrollment, due_in, status, raised):
    add_milestone(add_plan(guided_enrollment), TODAY + timedelta(days=due_in), status=status)
    assert ("milestone_overdue" in signal_keys(only_row(coach))) is raised


def test_milestones_stay_followed_after_the_round(db, request_context, cohort, coach,
                                                  guided_enrollment):
    cohort.starts_on = TODAY - timedelta(days=120)
    cohort.ends_on, cohort.status = TODAY - timedelta(days=90), "completed"
    plan = add_plan(guided_enrollment, status="endorsed")
    add_milestone(plan, TODAY - timedelta(days=10), position=1)
    add_milestone(plan, TODAY - timedelta(days=3), position=2)
    add_milestone(plan, TODAY + timedelta(days=30), position=3)
    row = only_row(coach)
    # After the round only the plan's milestones are signalled, not pace nor inactivity.
    assert signal_keys(row) == ["milestone_overdue"]
    assert str(row.signals[0].text) == "2 milestones overdue"


# --- work waiting for review or endorsement --------------------------------------------------

@pytest.mark.parametrize("waiting, raised", [
    (timedelta(days=2), False), (timedelta(days=3), False),
    (timedelta(days=3, hours=1), True), (timedelta(days=4), True)])
def test_work_waits_for_the_coachs_review_longer_than_n_days(
        db, coach, guided_enrollment, waiting, raised):
    add_plan(guided_enrollment, status="submitted", submitted_at=NOW - waiting)
    assert ("review_waiting" in signal_keys(only_row(coach))) is raised


def test_an_assignment_waits_for_review_too(db, coach, guided_enrollment):
    add_assignment(guided_enrollment, first_activity(), submitted_at=NOW - timedelta(days=5))
    assert "review_waiting" in signal_keys(only_row(coach))


@pytest.mark.parametrize("status", ["draft", "revision_requested", "approved"])
def test_work_not_submitted_waits_for_no_review(db, coach, guided_enrollment, status):
    add_plan(guided_enrollment, status=status, submitted_at=NOW - timedelta(days=10))
    assert "review_waiting" not in signal_keys(only_row(coach))


def test_the_mentor_is_not_asked_to_review(db, mentor, guided_enrollment):
    add_plan(guided_enrollment, status="submitted", submitted_at=NOW - timedelta(days=10))
    assert "review_waiting" not in signal_keys(only_row(mentor))


@pytest.mark.parametrize("days, raised", [(2, False), (3, False), (4, True)])
def test_an_approved_plan_waits_for_the_mentors_endorsement_longer_than_n_days(
        db, coach, mentor, guided_enrollment, days, raised):
    plan = add_plan(guided_enrollment, status="approved", submitted_at=NOW - timedelta(days=20))
    add_review(plan, "revision_requested", NOW - timedelta(days=15), reviewer=coach)
    add_review(plan, "approved", NOW - timedelta(days=days), reviewer=coach)
    assert ("endorsement_waiting" in signal_keys(only_row(mentor))) is raised
    assert "endorsement_waiting" not in signal_keys(only_row(coach))


def test_an_endorsed_plan_waits_for_nobody(db, mentor, guided_enrollment):
    plan = add_plan(guided_enrollment, status="endorsed")
    add_review(plan, "approved", NOW - timedelta(days=10))
    assert "endorsement_waiting" not in signal_keys(only_row(mentor))


# --- the order of urgency --------------------------------------------------------------------

def test_rows_are_sorted_by_the_weight_of_their_signals_then_days_inactive(
        db, cohort, coach, guided_enrollment, participant, make_user):
    activity = first_activity()
    add_plan(guided_enrollment, status="submitted", submitted_at=NOW - timedelta(days=4),
             updated_at=NOW - timedelta(days=4))
    others = {}
    for name, inactive_days, overdue in (("Budi", 2, True), ("Citra", 5, True),
                                         ("Eka", 9, False)):
        user = make_user(name=name)
        enrollment = enroll(cohort, user, actor=None)
        enrollment.coach_id = coach.id
        complete(enrollment, activity, NOW - timedelta(days=inactive_days))
        if overdue:
            add_milestone(add_plan(enrollment, updated_at=NOW - timedelta(days=inactive_days)),
                          TODAY - timedelta(days=1))
        others[name] = enrollment
    cohort.status = "completed"  # no pace nor inactivity signals, to weigh the others
    db.session.flush()
    rows = rows_for(coach)
    assert [row.user.name for row in rows] == [participant.name, "Citra", "Budi", "Eka"]
    assert [sum(s.weight for s in row.signals) for row in rows] == [3, 2, 2, 0]


# --- on the page -----------------------------------------------------------------------------

def test_the_home_shows_each_signal_as_words(client, sign_in_en, db, coach, guided_enrollment,
                                             fixed_now):
    complete(guided_enrollment, first_activity(), NOW - timedelta(days=8))
    plan = add_plan(guided_enrollment, status="submitted", submitted_at=NOW - timedelta(days=8),
                    updated_at=NOW - timedelta(days=8))
    add_milestone(plan, TODAY - timedelta(days=1))
    sign_in_en(coach)
    page = client.get("/mentoring/").text
    for text in ("Submission waiting for your review for 8 days", "1 milestone overdue",
                 "Behind the round's pace: 17% done, 40% expected", "No activity for 8 days"):
        assert text in page
    assert page.index("waiting for your review") < page.index("No activity for 8 days")


def test_the_home_takes_its_thresholds_from_the_configuration(
        app, monkeypatch, client, sign_in_en, db, coach, guided_enrollment, fixed_now):
    complete(guided_enrollment, first_activity(), NOW - timedelta(days=8))
    monkeypatch.setitem(app.config, "SIGNAL_INACTIVE_DAYS", 9)
    sign_in_en(coach)
    assert "No activity for" not in client.get("/mentoring/").text

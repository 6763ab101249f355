"""Completion rules: each rule on its own, optional activities, and the whole cohort at once."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app import clock
from app.content.models import Activity
from app.enrolment.services import enroll
from app.learning.models import Completion, QuizAttempt
from app.mentoring.models import Submission
from app.progress.queries import evaluate_cohort
from app.rounds.models import Attendance
from app.rounds.services import set_completion_rules

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.usefixtures("request_context")


def activities(db, kind=None):
    query = select(Activity).order_by(Activity.course_id, Activity.position)
    if kind:
        query = query.where(Activity.kind == kind)
    return db.session.scalars(query).all()


def complete(db, enrollment, activity_list, score=None):
    for activity in activity_list:
        db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                  score=score if activity.kind == "quiz" else None))
    db.session.flush()


def evaluation(cohort, enrollment):
    return evaluate_cohort(cohort, [enrollment.id], NOW)[enrollment.id]


def test_only_required_activities_rule_applies_by_default(db, cohort, enrollment):
    result = evaluation(cohort, enrollment)
    assert [r.key for r in result.requirements] == ["activities"]
    assert not result.complete
    assert str(result.missing[0].detail) == "0 of 6 done"


def test_doing_every_activity_completes(db, cohort, enrollment):
    complete(db, enrollment, activities(db), score=100)
    assert evaluation(cohort, enrollment).complete


def test_optional_activities_are_not_needed(db, program, cohort, enrollment):
    lessons = activities(db, "lesson")
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=None,
                         requires_action_plan=False,
                         optional_activity_ids=[lessons[0].id])
    complete(db, enrollment, activities(db)[1:], score=100)
    assert evaluation(cohort, enrollment).complete


@pytest.mark.parametrize("best_score, met", [(70, False), (80, True), (95, True)])
def test_minimum_quiz_score_counts_the_best_attempt(db, program, cohort, enrollment,
                                                    best_score, met):
    set_completion_rules(program, min_quiz_score=80, min_attendance_percent=None,
                         requires_action_plan=False, optional_activity_ids=[])
    for quiz in activities(db, "quiz"):
        for number, score in enumerate((50, best_score), start=1):
            db.session.add(QuizAttempt(enrollment_id=enrollment.id, activity_id=quiz.id,
                                       number=number, status="submitted", score=score,
                                       passed=score >= 50, answers={},
                                       submitted_at=clock.now()))
    db.session.flush()
    requirement = {r.key: r for r in evaluation(cohort, enrollment).requirements}["quiz_score"]
    assert requirement.met is met


@pytest.mark.parametrize("attended, met", [(2, False), (3, True), (4, True)])
def test_minimum_attendance_share_rounds_up_the_sessions_needed(
        db, program, cohort, enrollment, make_session, attended, met):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=75,
                         requires_action_plan=False, optional_activity_ids=[])
    sessions = [make_session(cohort, starts_at=NOW + timedelta(days=day)) for day in range(4)]
    for session in sessions[:attended]:
        db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                                  status="late" if session is sessions[0] else "present"))
    for session in sessions[attended:]:
        db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment.id,
                                  status="excused"))
    db.session.flush()
    requirement = {r.key: r for r in evaluation(cohort, enrollment).requirements}["attendance"]
    assert requirement.met is met
    assert "3 of 4 sessions needed" in str(requirement.detail)


def test_required_action_plan_is_missing_until_approved(db, program, cohort, enrollment):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=None,
                         requires_action_plan=True, optional_activity_ids=[])
    complete(db, enrollment, activities(db), score=100)
    result = evaluation(cohort, enrollment)
    assert [r.key for r in result.missing] == ["action_plan"]


def test_a_whole_cohort_costs_the_same_queries_at_any_size(
        db, program, cohort, make_user, make_session, count_queries):
    set_completion_rules(program, min_quiz_score=60, min_attendance_percent=50,
                         requires_action_plan=False, optional_activity_ids=[])
    make_session(cohort)
    statements_seen = []

    def measure(size):
        ids = [enroll(cohort, make_user(), actor=None).id for _ in range(size)]
        with count_queries() as statements:
            evaluate_cohort(cohort, ids, NOW)
        statements_seen[:] = statements
        return len(statements)

    assert measure(3) == measure(30) <= 5, statements_seen


def test_participant_sees_what_they_still_need(client, sign_in, db, program, cohort,
                                               participant, enrollment):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=None,
                         requires_action_plan=True, optional_activity_ids=[])
    complete(db, enrollment, activities(db, "lesson"))
    participant.locale = "en"
    db.session.flush()
    sign_in(participant)
    page = client.get(f"/journey/{cohort.id}").text
    assert "What you still need" in page
    assert "4 of 6 done" in page
    assert "Have your action plan approved by your coach" in page


@pytest.mark.parametrize("status, met", [("draft", False), ("submitted", False),
                                         ("revision_requested", False), ("approved", True),
                                         ("endorsed", True)])
def test_the_action_plan_counts_once_the_coach_approves_it(db, program, cohort, enrollment,
                                                           status, met):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=None,
                         requires_action_plan=True, optional_activity_ids=[])
    db.session.add(Submission(enrollment_id=enrollment.id, kind="action_plan", status=status))
    db.session.flush()
    requirement = {r.key: r for r in evaluation(cohort, enrollment).requirements}["action_plan"]
    assert requirement.met is met

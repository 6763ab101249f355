"""Evaluating enrollments of many rounds at once agrees with evaluating each round."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.content.models import Activity
from app.learning.models import QuizAttempt
from app.progress.queries import evaluate_cohort, evaluate_enrollments
from app.rounds.models import Enrollment
from app.rounds.services import set_completion_rules

NOW = datetime(2026, 12, 12, 5, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("rules", [
    {"min_quiz_score": None, "min_attendance_percent": None, "requires_action_plan": False},
    {"min_quiz_score": 70, "min_attendance_percent": 50, "requires_action_plan": True},
])
def test_it_agrees_with_evaluating_each_round(db, province, program, rules, count_queries,
                                              request_context):
    province.grow(20)
    lesson = db.session.scalar(select(Activity).filter_by(kind="lesson"))
    set_completion_rules(program, optional_activity_ids=[lesson.id], **rules)
    enrollments = db.session.scalars(select(Enrollment).filter_by(role="participant")
                                     .order_by(Enrollment.id)).all()
    quiz = db.session.scalar(select(Activity).filter_by(kind="quiz"))
    db.session.add_all(QuizAttempt(enrollment_id=e.id, activity_id=quiz.id, number=1,
                                   status="submitted", score=60 + n % 40,
                                   passed=60 + n % 40 >= 70, answers={}, submitted_at=NOW)
                       for n, e in enumerate(enrollments))
    db.session.flush()
    expected = {}
    for cohort_id in {e.cohort_id for e in enrollments}:
        round_ = next(e.cohort for e in enrollments if e.cohort_id == cohort_id)
        expected.update(evaluate_cohort(round_, [e.id for e in enrollments
                                                 if e.cohort_id == cohort_id], NOW))
    with count_queries() as statements:
        evaluations = evaluate_enrollments(enrollments, NOW)
    assert evaluations == expected
    assert len({e.cohort_id for e in enrollments}) > 1
    assert any(not e.complete for e in evaluations.values())
    if not rules["requires_action_plan"]:
        assert any(e.complete for e in evaluations.values())
    assert len(statements) <= 6

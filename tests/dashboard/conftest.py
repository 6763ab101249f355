"""Fixtures of the dashboard tests: a fixed clock, completions on given days, and participants
added in bulk so a cohort of 2,000 takes a moment to build."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert, select

from app.auth.models import User
from app.content.models import Activity
from app.learning.models import Completion
from app.rounds.models import Attendance, Enrollment

# 12:00 WIB on the round's eleventh day: 10 of its 25-day span have passed, so the expected
# pace is 40%.
NOW = datetime(2026, 11, 26, 5, 0, tzinfo=timezone.utc)


@pytest.fixture
def fixed_now(set_clock):
    """The clock stopped at NOW."""
    return set_clock(NOW)


@pytest.fixture
def activities(db, courses):
    """The cast's program's activities in journey order: per course two lessons and a quiz."""
    return db.session.scalars(select(Activity).order_by(Activity.course_id, Activity.position)
                              ).all()


@pytest.fixture
def complete(db):
    """Record `enrollment` as having done these activities, at `at` (UTC)."""
    def record(enrollment, activity_list, at=NOW):
        db.session.add_all(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                      completed_at=at) for activity in activity_list)
        db.session.flush()

    return record


@pytest.fixture
def add_participants(db, activities):
    """Enrol `count` new participants in bulk; the n-th has done its first n % 7 activities
    and has an attendance status cycling through present, late, absent at `session`."""
    added = iter(range(1_000_000))

    def add(cohort, count, session=None):
        numbers = [next(added) for _ in range(count)]
        user_ids = db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [{"email": f"peserta{n}@bulk.example", "name": f"Peserta {n:05d}",
              "password_hash": "unusable"} for n in numbers]).all()
        enrollment_ids = db.session.scalars(
            insert(Enrollment).returning(Enrollment.id, sort_by_parameter_order=True),
            [{"cohort_id": cohort.id, "user_id": user_id, "role": "participant"}
             for user_id in user_ids]).all()
        completions = [{"enrollment_id": enrollment_id, "activity_id": activity.id,
                        "completed_at": NOW}
                       for n, enrollment_id in zip(numbers, enrollment_ids)
                       for activity in activities[:n % 7]]
        if completions:
            db.session.execute(insert(Completion), completions)
        if session is not None:
            db.session.execute(insert(Attendance), [
                {"session_id": session.id, "enrollment_id": enrollment_id,
                 "status": ("present", "late", "absent")[n % 3]}
                for n, enrollment_id in zip(numbers, enrollment_ids)])
        return enrollment_ids

    return add

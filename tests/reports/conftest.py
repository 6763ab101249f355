"""Builders for the JP report's tests: finished courses and attended sessions at chosen times,
and a reader for the report's table."""
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.content.models import Activity
from app.enrolment.services import enroll
from app.learning.models import Completion
from app.rounds.models import Enrollment

YEAR_2026 = datetime(2026, 6, 1, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def finish_course(db):
    """Complete every live activity of `course` (or all but `leave` of them); the last one at
    `at`, the others a day before."""
    def finish(enrollment, course, at=YEAR_2026, leave=0):
        activities = db.session.scalars(
            select(Activity).where(Activity.course_id == course.id,
                                   Activity.archived_at.is_(None))
            .order_by(Activity.position)).all()
        todo = activities[:len(activities) - leave]
        for n, activity in enumerate(todo, start=1):
            db.session.add(Completion(
                enrollment_id=enrollment.id, activity_id=activity.id,
                completed_at=at if n == len(todo) else at - timedelta(days=1)))
        db.session.flush()

    return finish


@pytest.fixture
def enrol(db, make_user):
    """A new participant of `cohort` (one more person, or `user`); returns the enrollment."""
    def enrol(cohort, user=None, **user_values):
        user = user or make_user(**user_values)
        enroll(cohort, user, actor=None)
        return db.session.scalar(select(Enrollment).filter_by(user_id=user.id,
                                                              cohort_id=cohort.id))

    return enrol


class _TableReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif self.in_body and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


COLUMNS = ("name", "institution", "region", "course_jp", "session_jp", "certificate_jp",
           "total_jp", "cohorts",
           "target")


def report_table(html):
    """The report's rows as dicts of the cells' text."""
    reader = _TableReader()
    reader.feed(html)
    return [dict(zip(COLUMNS, row)) for row in reader.rows]

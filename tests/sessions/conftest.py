"""Fixtures for the agenda, attendance and calendar tests."""
from datetime import datetime, timezone

import pytest

from app.enrolment.services import enroll


# make_session's default: Tuesday 17 November 2026, 08.00–10.00 WIB.
START = datetime(2026, 11, 17, 1, 0, tzinfo=timezone.utc)
END = datetime(2026, 11, 17, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def make_participants(make_user):
    """`count` participants enrolled in the cohort, named so they sort in creation order."""
    def make(cohort, count, prefix="Participant"):
        users = [make_user(name=f"{prefix} {n:03d}") for n in range(1, count + 1)]
        return [enroll(cohort, user, actor=None) for user in users]
    return make

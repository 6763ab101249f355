"""The guides cast: the organiser (reads English) signed in, and factories for a round with
many coaches and participants."""
from collections import defaultdict
from itertools import count

import pytest

from app.enrolment.services import enroll


@pytest.fixture
def signed_in(sign_in, organiser):
    sign_in(organiser)
    return organiser


@pytest.fixture
def make_people(make_user, cohort):
    """Enrol `number` people in `role` (in the cast's round unless told), named and numbered
    per role so they sort in order: Participant 001, Participant 002…"""
    counters = defaultdict(lambda: count(1))

    def make(number, role="participant", cohort=cohort):
        people = []
        for _ in range(number):
            n = next(counters[role])
            user = make_user(roles=(role,), name=f"{role.title()} {n:03d}",
                             email=f"{role}{n}@madangan.example")
            enroll(cohort, user, role, actor=None)
            people.append(user)
        return people

    return make

"""Balancing coaches automatically: participants without a coach go, one by one, to the coach
who guides fewest (ties to the first by name), never above the cap; whoever does not fit is
named and left without a coach."""
from collections import Counter

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.enrolment import guides
from app.rounds.models import Enrollment


def balance_url(cohort):
    return f"/manage/cohorts/{cohort.id}/guides/balance"


def loads(db, cohort):
    """{coach's name: participants they coach} in the round."""
    coached = Counter(db.session.scalars(
        select(Enrollment.coach_id).filter_by(cohort_id=cohort.id, role="participant")))
    names = {e.user_id: f"coach {n}" for n, e in enumerate(db.session.scalars(
        select(Enrollment).filter_by(cohort_id=cohort.id, role="coach")
        .order_by(Enrollment.id)), start=1)}
    return {names.get(coach_id, coach_id): count for coach_id, count in coached.items()}


def test_ten_participants_over_three_coaches_with_a_cap_of_4_make_4_3_3(
        signed_in, client, db, cohort, make_people):
    make_people(3, "coach")
    make_people(10)
    response = client.post(balance_url(cohort), data={"cap": "4"})
    assert response.status_code == 302
    assert response.location == f"/manage/cohorts/{cohort.id}/guides"
    assert loads(db, cohort) == {"coach 1": 4, "coach 2": 3, "coach 3": 3}
    page = client.get(response.location).text
    assert "10 participants were given a coach." in page and "still" not in page
    [event] = db.session.scalars(select(AuditEvent).filter_by(action="guides.balanced")).all()
    assert event.details == {"assigned": 10, "left": 0, "cap": 4}
    assert event.actor_id == signed_in.id and event.cohort_id == cohort.id


def test_the_fewest_loaded_coach_comes_first_and_assigned_participants_stay(
        request_context, db, organiser, cohort, make_people):
    first, _second = make_people(2, "coach")
    make_people(5)
    kept = db.session.scalars(select(Enrollment).filter_by(cohort_id=cohort.id,
                                                           role="participant")).all()[:2]
    for enrollment in kept:
        enrollment.coach_id = first.id  # first already coaches two
    db.session.flush()
    result = guides.balance_coaches(organiser, cohort, cap=3)
    assert (result.assigned, result.left, result.coaches) == (3, [], 2)
    assert loads(db, cohort) == {"coach 1": 3, "coach 2": 2}
    assert {e.coach_id for e in kept} == {first.id}


def test_when_the_cap_is_too_small_the_rest_are_reported_and_left_without_a_coach(
        signed_in, client, db, cohort, make_people):
    make_people(3, "coach")
    make_people(10)
    response = client.post(balance_url(cohort), data={"cap": "2"})
    assert loads(db, cohort) == {"coach 1": 2, "coach 2": 2, "coach 3": 2, None: 4}
    page = client.get(response.location).text
    assert "6 participants were given a coach." in page
    assert ("4 participants still have no coach, since every coach already guides 2 or more: "
            "Participant 007, Participant 008, Participant 009, Participant 010. Raise the "
            "limit or enrol another coach.") in page
    assert "Without a coach: 4" in page
    event = db.session.scalar(select(AuditEvent).filter_by(action="guides.balanced"))
    assert event.details == {"assigned": 6, "left": 4, "cap": 2}
    assert ("Shared 6 participants among the coaches, at most 2 each; 4 still without a coach"
            in client.get(f"/manage/cohorts/{cohort.id}/audit").text)


def test_a_round_without_coaches_cannot_be_balanced(signed_in, client, db, cohort,
                                                    make_people):
    make_people(2)
    response = client.post(balance_url(cohort), data={"cap": "5"})
    assert "The round has no coaches yet: enrol them first." in client.get(
        response.location).text
    assert loads(db, cohort) == {None: 2}
    assert db.session.scalar(select(AuditEvent).filter_by(action="guides.balanced")) is None


@pytest.mark.parametrize("cap", ["0", "-1", "", "many"])
def test_the_cap_must_be_a_positive_number(signed_in, client, db, cohort, make_people, cap):
    make_people(1, "coach")
    make_people(2)
    response = client.post(balance_url(cohort), data={"cap": cap})
    assert response.status_code == 200
    assert 'id="cap"' in response.text and "is-invalid" in response.text
    assert loads(db, cohort) == {None: 2}


def test_balancing_costs_the_same_queries_for_6_or_60_participants(
        signed_in, client, db, make_people, make_program, make_cohort, courses, organisation,
        count_queries):
    def queries(size):
        cohort = make_cohort(make_program(courses, organisation=organisation, slug=f"p{size}"))
        make_people(3, "coach", cohort=cohort)
        make_people(size, cohort=cohort)
        with count_queries() as statements:
            client.post(balance_url(cohort), data={"cap": "100"})
        assert loads(db, cohort)["coach 1"] == size // 3
        return len(statements)

    assert queries(6) == queries(60)

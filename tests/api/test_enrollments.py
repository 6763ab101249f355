"""Enrolments through the API: who may see whom, and enrolling people with the rules of a
roster import."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.audit.models import AuditEvent
from app.auth.models import User
from app.enrolment.services import enroll
from app.rounds.models import Enrollment
from tests.api.conftest import assert_problem

NIP = "198703152010011002"


def person(n, **overrides):
    return {"name": f"Peserta {n}", "email": f"peserta{n}@sumedangkab.go.id", **overrides}


def enrolled_emails(db, cohort):
    return set(db.session.scalars(select(User.email).join(Enrollment, Enrollment.user_id == User.id)
                                  .where(Enrollment.cohort_id == cohort.id)))


# --- reading -------------------------------------------------------------------------------

def test_an_enrolment_shows_the_person_and_their_guides(
        api_as, organiser, guided_enrollment, participant, coach, mentor):
    body = api_as(organiser).get(f"/api/v1/enrollments/{guided_enrollment.id}").get_json()
    assert set(body) == {"id", "cohort_id", "role", "enrolled_at", "updated_at", "coach_id",
                         "mentor_id", "person"}
    assert (body["coach_id"], body["mentor_id"]) == (coach.id, mentor.id)
    assert body["person"] == {"id": participant.id, "name": "Dewi Participant",
                              "email": "dewi@madangan.example", "nip": None, "position": "",
                              "institution": "", "region_code": None}


def test_a_participant_sees_only_their_own_enrolment(
        api_as, participant, enrollment, coach, make_user, cohort):
    other = make_user(name="Budi Participant")
    enroll(cohort, other, actor=None)
    api = api_as(participant)
    assert [e["id"] for e in api.get("/api/v1/enrollments").get_json()] == [enrollment.id]
    other_id = api_as(other).get("/api/v1/enrollments").get_json()[0]["id"]
    assert_problem(api.get(f"/api/v1/enrollments/{other_id}"), 404)


def test_a_coach_sees_the_participants_they_guide(api_as, coach, other_coach,
                                                  guided_enrollment, cohort):
    url = f"/api/v1/cohorts/{cohort.id}/enrollments?page_size=200"
    assert guided_enrollment.id in [e["id"] for e in api_as(coach).get(url).get_json()]
    assert guided_enrollment.id not in [e["id"] for e in api_as(other_coach).get(url).get_json()]
    assert_problem(api_as(other_coach).get(f"/api/v1/enrollments/{guided_enrollment.id}"), 404)


def test_an_organiser_sees_everyone_in_their_rounds_only(
        api_as, organiser, enrollment, coach, outsider):
    body = api_as(organiser).get("/api/v1/enrollments").get_json()
    assert {e["person"]["email"] for e in body} == {"dewi@madangan.example",
                                                    "hendra@madangan.example"}


def test_another_organisation_gets_nothing(api_as, other_organiser, enrollment, cohort):
    api = api_as(other_organiser)
    assert api.get("/api/v1/enrollments").get_json() == []
    assert_problem(api.get(f"/api/v1/enrollments/{enrollment.id}"), 404)
    assert_problem(api.get(f"/api/v1/cohorts/{cohort.id}/enrollments"), 404)


def test_enrolments_filter_by_role_cohort_and_update(api_as, organiser, enrollment, coach,
                                                     cohort):
    api = api_as(organiser)
    assert [e["id"] for e in api.get("/api/v1/enrollments?role=participant").get_json()] == [
        enrollment.id]
    assert len(api.get(f"/api/v1/enrollments?cohort_id={cohort.id}").get_json()) == 2
    later = (clock.now() + timedelta(minutes=1)).isoformat().replace("+", "%2B")
    assert api.get("/api/v1/enrollments?updated_since=" + later).get_json() == []


def test_a_list_of_enrolments_costs_the_same_queries_for_many(
        api_as, organiser, enrollment, cohort, make_user, count_queries):
    api = api_as(organiser)
    url = f"/api/v1/cohorts/{cohort.id}/enrollments"
    api.get(url)  # the token's first use is recorded once
    with count_queries() as one:
        api.get(url)
    for _n in range(5):
        enroll(cohort, make_user(), actor=None)
    with count_queries() as many:
        response = api.get(url + "?page_size=3")
    assert len(response.get_json()) == 3
    assert json.loads(response.headers["X-Pagination"])["total"] == 6
    assert len(many) == len(one)


# --- enrolling -----------------------------------------------------------------------------

def post(api, cohort, people):
    return api.post(f"/api/v1/cohorts/{cohort.id}/enrollments", json={"enrollments": people})


def test_enrolling_creates_accounts_and_enrolments(api_as, organiser, cohort, db):
    people = [person(1, nip=NIP, position="Analis", institution="Diskominfo",
                     region_code="32.11"),
              person(2, role="coach"), person(3, coach_email="peserta2@sumedangkab.go.id")]
    response = post(api_as(organiser, "write"), cohort, people)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert [e["person"]["email"] for e in body] == [p["email"] for p in people]
    assert body[0]["person"]["nip"] == NIP and body[0]["person"]["region_code"] == "32.11"
    assert body[2]["coach_id"] == body[1]["person"]["id"]
    assert [e["role"] for e in body] == ["participant", "coach", "participant"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "roster.received"))
    assert event.details["rows"] == 3 and event.cohort_id == cohort.id


def test_enrolling_matches_existing_accounts_by_email(api_as, organiser, cohort, db, make_user):
    existing = make_user(email="peserta1@sumedangkab.go.id", name="Peserta Satu")
    response = post(api_as(organiser, "write"), cohort,
                    [person(1, email="Peserta1@SumedangKab.go.id")])
    assert response.status_code == 201
    assert response.get_json()[0]["person"]["id"] == existing.id
    assert db.session.scalar(select(func.count(User.id)).where(
        func.lower(User.email) == "peserta1@sumedangkab.go.id")) == 1


@pytest.mark.parametrize("item, field", [
    ({"nip": "12345"}, "nip"),
    ({"region_code": "32.99"}, "region_code"),
    ({"email": "not an email"}, "email"),
    ({"role": "boss"}, "role"),
    ({"coach_email": "nobody@example.org"}, "coach_email"),
])
def test_a_problem_names_item_and_field_and_saves_nothing(api_as, organiser, cohort, db,
                                                          item, field):
    response = post(api_as(organiser, "write"), cohort, [person(1), person(2, **item)])
    body = assert_problem(response, 422)
    assert [(e["row"], e["pointer"]) for e in body["errors"]] == [
        (2, f"#/enrollments/1/{field}")]
    assert body["errors"][0]["detail"]
    assert enrolled_emails(db, cohort) == set()


def test_a_repeated_email_is_a_problem_of_both_items(api_as, organiser, cohort, db):
    body = assert_problem(post(api_as(organiser, "write"), cohort,
                               [person(1), person(2), person(1)]), 422)
    assert [e["pointer"] for e in body["errors"]] == [
        "#/enrollments/0/email", "#/enrollments/2/email"]


def test_participants_beyond_the_capacity_are_refused(api_as, organiser, cohort, enrollment,
                                                      db):
    cohort.capacity = 2
    db.session.flush()
    body = assert_problem(post(api_as(organiser, "write"), cohort,
                               [person(1), person(2), person(3)]), 422)
    assert [e["row"] for e in body["errors"]] == [2, 3]
    assert enrolled_emails(db, cohort) == {"dewi@madangan.example"}


def test_someone_already_in_the_round_is_refused(api_as, organiser, cohort, participant):
    body = assert_problem(post(api_as(organiser, "write"), cohort,
                               [person(1, email=participant.email)]), 422)
    assert body["errors"][0]["pointer"] == "#/enrollments/0/email"


def test_a_malformed_body_is_refused_naming_the_field(api_as, organiser, cohort):
    body = assert_problem(post(api_as(organiser, "write"), cohort, [{"email": "a@b.example"}]),
                          422)
    assert body["errors"][0]["pointer"] == "#/enrollments/0/name"


def test_more_than_a_thousand_at_once_are_refused(api_as, organiser, cohort):
    body = assert_problem(post(api_as(organiser, "write"), cohort,
                               [person(n) for n in range(1001)]), 422)
    assert body["errors"][0]["pointer"] == "#/enrollments"


def test_a_read_token_may_not_enrol(api_as, organiser, cohort):
    assert_problem(post(api_as(organiser), cohort, [person(1)]), 403)


@pytest.mark.parametrize("member", ["participant", "coach"])
def test_members_of_the_round_may_not_enrol(api_as, request, cohort, member, db):
    user = request.getfixturevalue(member)
    assert_problem(post(api_as(user, "write"), cohort, [person(1)]), 403)
    assert "peserta1@sumedangkab.go.id" not in enrolled_emails(db, cohort)


def test_another_organisation_cannot_enrol(api_as, other_organiser, cohort):
    assert_problem(post(api_as(other_organiser, "write"), cohort, [person(1)]), 404)


def test_text_with_a_nul_character_is_refused(api_as, organiser, cohort):
    body = assert_problem(post(api_as(organiser, "write"), cohort,
                               [person(1, institution="Dinas\x00")]), 422)
    assert body["errors"][0]["pointer"] == "#/enrollments/0/institution"

"""Rounds and their agendas through the API, scoped like the organiser's and participant's
pages."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from app import clock
from tests.api.conftest import assert_problem


def since(moment):
    return moment.isoformat().replace("+", "%2B")


def test_an_organiser_lists_only_their_organisations_rounds(
        api_as, organiser, cohort, outsider):
    response = api_as(organiser).get("/api/v1/cohorts")
    assert response.status_code == 200
    assert [c["id"] for c in response.get_json()] == [cohort.id]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_a_round_has_every_documented_field(api_as, organiser, cohort, program):
    body = api_as(organiser).get(f"/api/v1/cohorts/{cohort.id}").get_json()
    assert set(body) == {
        "id", "name", "program", "starts_on", "ends_on", "status", "delivery_mode", "place",
        "online", "partner_institution", "timezone", "capacity", "updated_at", "calendar_url"}
    assert body["program"] == {"id": program.id, "slug": program.slug, "title": program.title}
    assert body["starts_on"] == "2026-11-16" and body["status"] == "running"
    assert datetime.fromisoformat(body["updated_at"]).tzinfo is not None


def test_its_organiser_gets_the_private_calendar_feed(api_as, organiser, cohort):
    body = api_as(organiser).get(f"/api/v1/cohorts/{cohort.id}").get_json()
    assert body["calendar_url"] == f"http://localhost/calendar/cohort/{cohort.calendar_token}.ics"


@pytest.mark.parametrize("member", ["participant", "coach", "mentor"])
def test_members_see_their_round_without_its_calendar_feed(api_as, request, cohort, member):
    user = request.getfixturevalue(member)
    body = api_as(user).get("/api/v1/cohorts").get_json()
    assert [(c["id"], c["calendar_url"]) for c in body] == [(cohort.id, None)]


def test_a_participant_does_not_see_a_draft_round(api_as, participant, cohort, db):
    cohort.status = "draft"
    db.session.flush()
    assert api_as(participant).get("/api/v1/cohorts").get_json() == []
    assert_problem(api_as(participant).get(f"/api/v1/cohorts/{cohort.id}"), 404)


@pytest.mark.parametrize("path", ["", "/sessions"])
def test_another_organisations_round_is_not_found(api_as, other_organiser, cohort, path):
    assert_problem(api_as(other_organiser).get(f"/api/v1/cohorts/{cohort.id}{path}"), 404)


def test_an_outsider_does_not_see_the_round(api_as, outsider, cohort):
    assert_problem(api_as(outsider).get(f"/api/v1/cohorts/{cohort.id}"), 404)


def test_rounds_filter_by_program_and_status(
        api_as, organiser, cohort, program, make_cohort):
    later = make_cohort(program, name="Angkatan II", status="open")
    api = api_as(organiser)
    assert [c["id"] for c in api.get("/api/v1/cohorts?status=open").get_json()] == [later.id]
    assert len(api.get(f"/api/v1/cohorts?program_id={program.id}").get_json()) == 2
    assert api.get(f"/api/v1/cohorts?program_id={program.id + 99}").get_json() == []


def test_an_unknown_status_is_refused_naming_the_parameter(api_as, organiser):
    body = assert_problem(api_as(organiser).get("/api/v1/cohorts?status=closed"), 422)
    assert body["errors"][0]["parameter"] == "status"


def test_updated_since_returns_only_later_changes(api_as, organiser, cohort):
    later = clock.now() + timedelta(minutes=1)
    api = api_as(organiser)
    assert api.get("/api/v1/cohorts?updated_since=" + since(later)).get_json() == []
    earlier = later - timedelta(hours=1)
    assert len(api.get("/api/v1/cohorts?updated_since=" + since(earlier)).get_json()) == 1


def test_pages_of_rounds_link_to_their_neighbours(api_as, organiser, program, make_cohort):
    for n in range(3):
        make_cohort(program, name=f"Angkatan {n}")
    response = api_as(organiser).get("/api/v1/cohorts?page_size=2")
    assert len(response.get_json()) == 2
    assert 'page=2>; rel="next"' in response.headers["Link"]


def test_the_agenda_lists_sessions_in_time_order_without_checkin_codes(
        api_as, participant, cohort, make_session):
    second = make_session(cohort, title="Forum",
                          starts_at=datetime(2026, 11, 18, 1, tzinfo=timezone.utc))
    first = make_session(cohort)
    body = api_as(participant).get(f"/api/v1/cohorts/{cohort.id}/sessions").get_json()
    assert [s["id"] for s in body] == [first.id, second.id]
    assert body[0]["jp"] == "2.00" and body[0]["starts_at"] == "2026-11-17T01:00:00+00:00"
    assert all("checkin_code" not in s for s in body)
    assert first.checkin_code not in json.dumps(body)


def test_a_list_of_rounds_costs_the_same_queries_for_many(
        api_as, organiser, program, make_cohort, count_queries):
    api = api_as(organiser)
    make_cohort(program)
    api.get("/api/v1/cohorts")  # the token's first use is recorded once
    with count_queries() as one:
        api.get("/api/v1/cohorts")
    for n in range(5):
        make_cohort(program, name=f"Angkatan {n}")
    with count_queries() as many:
        assert len(api.get("/api/v1/cohorts").get_json()) == 6
    assert len(many) == len(one)

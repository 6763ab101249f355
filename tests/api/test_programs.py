"""Programs through the API, scoped like the organiser's and participant's pages."""
import json
from datetime import timedelta

from app import clock
from tests.api.conftest import assert_problem


def test_an_organiser_lists_only_their_organisations_programs(
        api_as, organiser, program, make_program, make_organisation, courses):
    make_program(courses, organisation=make_organisation(), slug="elsewhere")
    response = api_as(organiser).get("/api/v1/programs")
    assert response.status_code == 200
    assert [p["slug"] for p in response.get_json()] == ["program"]
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination["total"] == 1 and pagination["page"] == 1


def test_a_participant_sees_the_program_of_their_round(api_as, participant, program, outsider):
    body = api_as(participant).get("/api/v1/programs").get_json()
    assert [p["id"] for p in body] == [program.id]


def test_a_program_shows_its_courses_in_journey_order(api_as, organiser, program, courses):
    body = api_as(organiser).get(f"/api/v1/programs/{program.id}").get_json()
    assert [c["slug"] for c in body["courses"]] == [c.slug for c in courses]
    assert body["organisation"]["slug"] == program.organisation.slug


def test_another_organisations_program_is_not_found(api_as, other_organiser, program):
    assert_problem(api_as(other_organiser).get(f"/api/v1/programs/{program.id}"), 404)


def test_updated_since_returns_only_later_changes(api_as, organiser, program, db):
    later = clock.now() + timedelta(minutes=1)
    url = "/api/v1/programs?updated_since=" + later.isoformat().replace("+", "%2B")
    assert api_as(organiser).get(url).get_json() == []
    earlier = (later - timedelta(hours=1)).isoformat().replace("+", "%2B")
    assert len(api_as(organiser).get("/api/v1/programs?updated_since=" + earlier).get_json()) == 1


def test_a_time_without_a_zone_is_refused_naming_the_parameter(api_as, organiser):
    body = assert_problem(
        api_as(organiser).get("/api/v1/programs?updated_since=2026-11-01T00:00:00"), 422)
    assert body["errors"][0]["parameter"] == "updated_since"


def test_pages_link_to_their_neighbours(api_as, organiser, organisation, make_program, courses):
    for n in range(3):
        make_program(courses, organisation=organisation, slug=f"p{n}")
    response = api_as(organiser).get("/api/v1/programs?page_size=2&page=2")
    assert [p["slug"] for p in response.get_json()] == ["p2"]
    assert 'page=1>; rel="prev"' in response.headers["Link"]
    assert 'rel="next"' not in response.headers["Link"]
    assert json.loads(response.headers["X-Pagination"])["total_pages"] == 2

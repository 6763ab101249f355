"""The token's own user: profile, roles and the calendar feeds they may subscribe to."""
from tests.api.conftest import assert_problem


def test_it_shows_the_tokens_user_and_roles(api_as, organiser, organisation):
    body = api_as(organiser).get("/api/v1/me").get_json()
    assert (body["id"], body["name"], body["email"], body["locale"]) == \
        (organiser.id, "Rina Organiser", "rina@madangan.example", "en")
    assert body["nip"] is None and body["region_code"] is None
    assert body["roles"] == [{"role": "organiser", "organisation": {
        "id": organisation.id, "slug": "bpsdm-jabar", "name": "BPSDM Provinsi Jawa Barat"}}]


def test_a_role_without_an_organisation_has_none(api_as, participant):
    body = api_as(participant).get("/api/v1/me").get_json()
    assert body["roles"] == [{"role": "participant", "organisation": None}]


def test_the_personal_feed_is_listed(api_as, participant, app):
    token = participant.calendar_token
    calendars = api_as(participant).get("/api/v1/me").get_json()["calendars"]
    assert calendars == [{"kind": "personal", "cohort_id": None,
                          "name": "Madangan — Dewi Participant",
                          "url": f"{app.config['PUBLIC_URL']}/calendar/user/{token}.ics"}]


def test_an_organiser_gets_the_feeds_of_the_rounds_they_run(
        api_as, organiser, cohort, make_cohort, program, outsider, app):
    make_cohort(program, name="Angkatan 0", status="archived")
    calendars = api_as(organiser).get("/api/v1/me").get_json()["calendars"]
    assert calendars[0]["kind"] == "personal" and calendars[1:] == [{
        "kind": "cohort", "cohort_id": cohort.id, "name": "Digital Leadership — Angkatan I",
        "url": f"{app.config['PUBLIC_URL']}/calendar/cohort/{cohort.calendar_token}.ics"}]


def test_an_admin_gets_every_round_that_is_not_archived(api_as, admin, cohort, outsider,
                                                        make_cohort, program):
    make_cohort(program, name="Angkatan 0", status="archived")
    calendars = api_as(admin).get("/api/v1/me").get_json()["calendars"]
    assert sorted(c["name"] for c in calendars if c["kind"] == "cohort") == [
        "Digital Leadership — Angkatan I", "Digital Leadership — Other round"]


def test_it_needs_a_token(client):
    assert_problem(client.get("/api/v1/me"), 401)

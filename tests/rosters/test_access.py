"""Who may use the roster pages: organisers of the round's organisation and admins; another
organisation's organiser is told nothing exists."""
import io

import pytest
from sqlalchemy import func, select

from app.enrolment import roster as rosters
from app.rounds.models import Enrollment
from tests.rosters.helpers import sample


@pytest.fixture
def roster_import(organiser, cohort):
    return rosters.upload_roster(organiser, cohort, "roster.csv", sample("roster_bom.csv"))


def upload_data():
    return {"file": (io.BytesIO(sample("roster_bom.csv")), "roster.csv")}


PAGES = {
    "upload form": lambda client, cohort, roster_import: client.get(
        f"/manage/cohorts/{cohort.id}/roster"),
    "upload": lambda client, cohort, roster_import: client.post(
        f"/manage/cohorts/{cohort.id}/roster", data=upload_data(),
        content_type="multipart/form-data"),
    "preview": lambda client, cohort, roster_import: client.get(
        f"/manage/rosters/{roster_import.id}"),
    "apply": lambda client, cohort, roster_import: client.post(
        f"/manage/rosters/{roster_import.id}/apply", data={}),
}


def enrolments(db):
    return db.session.scalar(select(func.count(Enrollment.id)))


@pytest.mark.parametrize("page", PAGES)
def test_an_organiser_of_another_organisation_gets_404(client, sign_in, db, other_organiser,
                                                       cohort, roster_import, page):
    sign_in(other_organiser)
    before = enrolments(db)
    assert PAGES[page](client, cohort, roster_import).status_code == 404
    assert enrolments(db) == before


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["participant", "coach"])
def test_people_who_do_not_organise_are_refused(request, client, sign_in, cohort,
                                                roster_import, who, page):
    sign_in(request.getfixturevalue(who))
    assert PAGES[page](client, cohort, roster_import).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_visitors_are_sent_to_sign_in(client, cohort, roster_import, page):
    response = PAGES[page](client, cohort, roster_import)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "sign-in" in response.location


@pytest.mark.parametrize("page", PAGES)
def test_an_admin_may_use_every_roster_page(client, sign_in, admin, cohort, roster_import,
                                            page):
    sign_in(admin)
    assert PAGES[page](client, cohort, roster_import).status_code in (200, 302)


def test_the_templates_are_for_organisers_only(client, sign_in, participant, other_organiser):
    sign_in(participant)
    assert client.get("/manage/roster-template.csv").status_code == 403
    client.post("/sign-out", data={})
    sign_in(other_organiser)
    assert client.get("/manage/roster-template.csv").status_code == 200

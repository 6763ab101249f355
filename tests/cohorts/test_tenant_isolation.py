"""An organiser of another organisation gets 404 on every organiser page of ours: the pages
neither work nor admit that the program, round or session exists."""
import pytest

from app.enrolment.models import RosterImport


@pytest.fixture
def pages(db, program, cohort, organiser, make_session):
    session = make_session(cohort)
    roster = RosterImport(cohort_id=cohort.id, uploaded_by_id=organiser.id,
                          filename="roster.csv", content=b"name,email\n")
    db.session.add(roster)
    db.session.flush()
    p, c, s, r = program.id, cohort.id, session.id, roster.id
    return [
        ("get", f"/manage/programs/{p}"), ("get", f"/manage/programs/{p}/edit"),
        ("post", f"/manage/programs/{p}/edit"), ("get", f"/manage/programs/{p}/courses"),
        ("post", f"/manage/programs/{p}/courses"), ("get", f"/manage/programs/{p}/rules"),
        ("post", f"/manage/programs/{p}/rules"), ("get", f"/manage/programs/{p}/cohorts/new"),
        ("post", f"/manage/programs/{p}/cohorts/new"),
        ("get", f"/manage/cohorts/{c}"), ("get", f"/manage/cohorts/{c}/edit"),
        ("post", f"/manage/cohorts/{c}/edit"), ("post", f"/manage/cohorts/{c}/status"),
        ("get", f"/manage/cohorts/{c}/people"), ("post", f"/manage/cohorts/{c}/people"),
        ("post", f"/manage/cohorts/{c}/people/1/remove"),
        ("get", f"/manage/cohorts/{c}/replicate"), ("post", f"/manage/cohorts/{c}/replicate"),
        ("get", f"/manage/cohorts/{c}/audit"),
        ("get", f"/manage/cohorts/{c}/agenda"), ("get", f"/manage/cohorts/{c}/sessions/new"),
        ("post", f"/manage/cohorts/{c}/sessions/new"), ("get", f"/manage/sessions/{s}/edit"),
        ("post", f"/manage/sessions/{s}/edit"), ("post", f"/manage/sessions/{s}/delete"),
        ("get", f"/manage/sessions/{s}/attendance"),
        ("post", f"/manage/sessions/{s}/attendance"),
        ("get", f"/manage/cohorts/{c}/roster"), ("post", f"/manage/cohorts/{c}/roster"),
        ("get", f"/manage/rosters/{r}"), ("post", f"/manage/rosters/{r}/apply"),
        ("get", f"/manage/cohorts/{c}/dashboard"), ("get", f"/manage/cohorts/{c}/export.csv"),
        ("get", f"/manage/cohorts/{c}/export.xlsx"),
        ("get", f"/manage/cohorts/{c}/guides"), ("post", f"/manage/cohorts/{c}/guides"),
        ("post", f"/manage/cohorts/{c}/guides/balance"),
        ("post", f"/manage/cohorts/{c}/guides/mentors"),
    ]


def test_another_organisations_organiser_gets_404_everywhere(client, sign_in, other_organiser,
                                                             pages):
    sign_in(other_organiser)
    answers = {(method, url): getattr(client, method)(url, data={}).status_code
               for method, url in pages}
    assert answers == {page: 404 for page in pages}


def test_our_organiser_reaches_every_page(client, sign_in, organiser, pages):
    sign_in(organiser)
    answers = {(method, url): client.get(url).status_code
               for method, url in pages if method == "get"}
    assert answers == {(method, url): 200 for method, url in pages if method == "get"}


@pytest.mark.parametrize("who", ["participant", "coach", "mentor"])
def test_people_without_the_organiser_role_are_refused(request, client, sign_in, pages, who):
    sign_in(request.getfixturevalue(who))
    statuses = {client.get(url).status_code for method, url in pages
                if method == "get" and "/attendance" not in url}
    assert statuses == {403}

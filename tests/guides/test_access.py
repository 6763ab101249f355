"""Only the organisers of the round's organisation (and admins) reach the guides pages; another
organisation's organiser gets 404, as if the round did not exist."""
import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.rounds.models import Enrollment


@pytest.fixture
def pages(cohort):
    c = cohort.id
    return [("get", f"/manage/cohorts/{c}/guides"), ("post", f"/manage/cohorts/{c}/guides"),
            ("post", f"/manage/cohorts/{c}/guides/balance"),
            ("post", f"/manage/cohorts/{c}/guides/mentors")]


def state(db, enrollment):
    db.session.refresh(enrollment)
    return (enrollment.coach_id, enrollment.mentor_id,
            db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Enrollment.id))))


def posted(coach, enrollment):
    """A submission that would change something on each page."""
    return {f"coach_{enrollment.id}": coach.id, f"mentor_{enrollment.id}": 0, "cap": "5",
            "mentor_email": "new.mentor@jabarprov.go.id", "mentor_name": "New Mentor"}


def test_another_organisations_organiser_gets_404_on_every_guides_page(
        client, sign_in, db, other_organiser, pages, coach, enrollment):
    sign_in(other_organiser)
    before = state(db, enrollment)
    answers = {(method, page): getattr(client, method)(page, data=posted(coach, enrollment))
               .status_code for method, page in pages}
    assert answers == {page: 404 for page in pages}
    assert state(db, enrollment) == before


@pytest.mark.parametrize("who", ["participant", "coach", "mentor"])
def test_people_without_the_organiser_role_get_403(request, client, sign_in, db, pages, coach,
                                                   enrollment, who):
    sign_in(request.getfixturevalue(who))
    before = state(db, enrollment)
    answers = {getattr(client, method)(page, data=posted(coach, enrollment)).status_code
               for method, page in pages}
    assert answers == {403}
    assert state(db, enrollment) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, pages):
    for method, page in pages:
        response = getattr(client, method)(page, data={})
        assert response.status_code == 302 and "/sign-in" in response.location


@pytest.mark.parametrize("who", ["organiser", "admin"])
def test_the_rounds_organiser_and_an_admin_may_open_it(request, client, sign_in, pages, who):
    sign_in(request.getfixturevalue(who))
    assert client.get(pages[0][1]).status_code == 200


def test_an_unknown_round_is_404(client, sign_in, organiser):
    sign_in(organiser)
    assert client.get("/manage/cohorts/999999/guides").status_code == 404

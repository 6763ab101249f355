"""Every role's main pages and the not-found page, in both languages, on a phone and a desktop:
no serious or critical accessibility violation (axe-core), and a screenshot of each."""
import pytest
from sqlalchemy import select

from app.cohorts.models import Cohort
from app.extensions import db
from tests.browser.conftest import Day
from tests.conftest import PASSWORD


def first_round_id(live_app):
    with live_app.app_context():
        return db.session.scalar(select(Cohort.id).filter_by(name="Angkatan I 2026"))


TOURS = {
    "participant": ["/", "/journey/{cohort}", "/calendar", "/certificates", "/notifications",
                    "/account/password", "/account/tokens"],
    "organiser": ["/manage/", "/manage/cohorts/{cohort}", "/manage/cohorts/{cohort}/dashboard",
                  "/manage/cohorts/{cohort}/people", "/manage/cohorts/{cohort}/audit",
                  "/manage/scores/", "/benchmark/regions/32.11"],
    "coach": ["/mentoring/"],
    "admin": ["/admin/users", "/admin/organisations", "/admin/audit", "/admin/learning-records"],
}


@pytest.mark.parametrize("role", TOURS)
def test_the_main_pages_of_each_role_are_accessible(day_context, live_server, live_app, role):
    page, screen, locale = day_context
    day = Day(page, live_server, role, screen, locale)
    day.sign_in(f"{role}@madangan.example", PASSWORD)
    cohort = first_round_id(live_app)
    for path in TOURS[role]:
        day.visit(path.format(cohort=cohort), path.strip("/").replace("/", "-") or "home")
    assert page.goto(live_server + "/no-such-page").status == 404
    day.check("not-found")
    day.assert_accessible()

"""Every role's pages — and the visitor's — in both languages, on a phone and a desktop: no
serious or critical accessibility violation (axe-core), nothing wider than the screen, and a
screenshot of each."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.rounds.models import Cohort
from tests.browser.conftest import Day, choose_language
from tests.conftest import PASSWORD


def demo_ids(live_app):
    with live_app.app_context():
        cohort = db.session.scalar(select(Cohort).filter_by(name="Angkatan II"))
        return {"cohort": cohort.id, "program": cohort.program_id,
                "organisation": cohort.program.organisation_id}


TOURS = {
    "visitor": ["/sign-in", "/password/forgot", "/verify"],
    "participant": ["/", "/journey/{cohort}", "/journey/{cohort}/action-plan",
                    "/journey/{cohort}/check-ins", "/calendar", "/certificates", "/jp",
                    "/notifications", "/notifications/preferences", "/account/password",
                    "/account/tokens"],
    "organiser": ["/manage/", "/manage/programs/new", "/manage/programs/{program}",
                  "/manage/programs/{program}/edit", "/manage/programs/{program}/courses",
                  "/manage/programs/{program}/rules",
                  "/manage/programs/{program}/certificate-settings",
                  "/manage/programs/{program}/outcomes", "/manage/programs/{program}/cohorts/new",
                  "/manage/cohorts/{cohort}", "/manage/cohorts/{cohort}/edit",
                  "/manage/cohorts/{cohort}/dashboard", "/manage/cohorts/{cohort}/people",
                  "/manage/cohorts/{cohort}/roster", "/manage/cohorts/{cohort}/guides",
                  "/manage/cohorts/{cohort}/agenda", "/manage/cohorts/{cohort}/sessions/new",
                  "/manage/cohorts/{cohort}/certificates", "/manage/cohorts/{cohort}/outcomes",
                  "/manage/cohorts/{cohort}/replicate", "/manage/cohorts/{cohort}/audit",
                  "/manage/reports/jp", "/manage/scores/", "/manage/scores/new",
                  "/manage/scores/import", "/benchmark/regions/32.11",
                  "/benchmark/provinces/32"],
    "coach": ["/mentoring/"],
    "admin": ["/admin/users", "/admin/users/new", "/admin/organisations",
              "/admin/organisations/{organisation}", "/admin/organisations/new", "/admin/audit",
              "/admin/learning-records", "/admin/outbox"],
}


@pytest.mark.parametrize("role", TOURS)
def test_the_pages_of_each_role_are_accessible(day_context, live_server, live_app, role):
    page, screen, locale = day_context
    day = Day(page, live_server, role, screen, locale)
    if role == "visitor":
        page.goto(live_server + "/sign-in")
        choose_language(page, locale)
    else:
        day.sign_in(f"{role}@madangan.example", PASSWORD)
    ids = demo_ids(live_app)
    for path in TOURS[role]:
        day.visit(path.format(**ids), path.strip("/").replace("/", "-") or "home")
    assert page.goto(live_server + "/no-such-page").status == 404
    day.check("not-found")
    day.assert_accessible()

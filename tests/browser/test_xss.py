"""The XSS corpus in a real browser: a round whose every text field carries a payload, opened
by the organiser, the coach and the participant in Chromium. No payload may run (set
`window.__xss`, open a dialog) or make the browser load anything from the trap host."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth import services as accounts
from app.content.models import Course
from app.enrolment.services import enroll
from app.extensions import db
from app.mentoring import checkins, workflow
from app.mentoring.plans import plan_content
from app.organisations.models import Organisation
from app.rounds.models import Cohort, CohortSession, Program
from app.rounds.schedule import new_checkin_code
from app.rounds.services import set_program_courses
from tests.conftest import PASSWORD
from tests.security.payloads import MARK, XSS_PAYLOADS

TRAP_HOST = "127.0.0.1:9"
PARTICIPANT = "xss-participant@madangan.example"


def payload(n):
    return XSS_PAYLOADS[n % len(XSS_PAYLOADS)]


@pytest.fixture(scope="module")
def hostile_round(live_server, live_app):
    """A round of the demo organisation with a payload in every text field, committed to the
    live server's database; returns the pages to open, by the demo account that opens them."""
    with live_app.test_request_context():
        organisation = db.session.scalar(select(Organisation).filter_by(slug="bpsdm-jabar"))
        coach = accounts.find_user_by_email("coach@madangan.example")
        program = Program(organisation=organisation, slug="xss", title=payload(0),
                          description="\n\n".join(XSS_PAYLOADS))
        db.session.add(program)
        db.session.flush()
        set_program_courses(program, db.session.scalars(
            select(Course).filter_by(slug="lokakarya-living-lab-spbe")).all())
        cohort = Cohort(program=program, name=payload(1), place=payload(2),
                        partner_institution=payload(3), starts_on=date(2026, 11, 16),
                        ends_on=date(2026, 12, 11), status="running")
        db.session.add(cohort)
        db.session.flush()
        enroll(cohort, coach, "coach", actor=None)
        start = datetime(2026, 11, 17, 1, tzinfo=timezone.utc)
        for n, text in enumerate(XSS_PAYLOADS):
            db.session.add(CohortSession(
                cohort_id=cohort.id, title=text, description=text, place=text, jp=Decimal(1),
                starts_at=start + timedelta(hours=n),
                ends_at=start + timedelta(hours=n, minutes=50), checkin_code=new_checkin_code()))
        people = []
        for n, text in enumerate(XSS_PAYLOADS):
            email = PARTICIPANT if n == 0 else f"xss{n}@madangan.example"
            user = accounts.create_user(email=email, name=text, password=PASSWORD,
                                        roles=("participant",), position=payload(n + 1),
                                        institution=payload(n + 2), locale="en")
            enrollment = enroll(cohort, user, actor=None)
            enrollment.coach_id = coach.id
            db.session.flush()
            plan = workflow.write_action_plan(user, enrollment, plan_content(
                {"problem": text, "goals": payload(n + 1), "stakeholders": payload(n + 2),
                 "outcome": payload(n + 3)},
                [{"title": text, "due_on": "2026-12-01", "status": "planned"}]))
            workflow.submit(user, plan)
            workflow.review(coach, plan, "request_revision", payload(n + 4))
            checkins.log_check_in(coach, enrollment, date(2026, 11, 20), text, payload(n + 5),
                                  shared=True)
            people.append((enrollment.id, plan.id))
        db.session.commit()
        first_enrollment, first_plan = people[0]
        return {
            "organiser@madangan.example": [
                "/manage/", f"/manage/programs/{program.id}", f"/manage/cohorts/{cohort.id}",
                f"/manage/cohorts/{cohort.id}/people", f"/manage/cohorts/{cohort.id}/dashboard",
                f"/manage/cohorts/{cohort.id}/agenda", f"/manage/cohorts/{cohort.id}/guides",
                f"/manage/cohorts/{cohort.id}/edit", f"/manage/programs/{program.id}/edit",
            ],
            "coach@madangan.example": [
                "/mentoring/", f"/mentoring/participants/{first_enrollment}",
                f"/mentoring/submissions/{first_plan}", "/notifications",
            ],
            PARTICIPANT: [
                "/", f"/journey/{cohort.id}", f"/journey/{cohort.id}/action-plan",
                f"/journey/{cohort.id}/check-ins", "/notifications", "/calendar",
            ],
        }


@pytest.fixture
def watched_page(page):
    """The page, recording every dialog it opens and every request to the trap host."""
    trouble = []
    page.on("dialog", lambda dialog: (trouble.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    page.on("request", lambda request: TRAP_HOST in request.url
            and trouble.append(f"request to {request.url}"))
    return page, trouble


def sign_in(page, live_server, email):
    page.goto(live_server + "/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


@pytest.mark.parametrize("email", ["organiser@madangan.example", "coach@madangan.example",
                                   PARTICIPANT])
def test_no_payload_runs_in_any_page_of_a_hostile_round(watched_page, live_server,
                                                        hostile_round, email):
    page, trouble = watched_page
    # The control: the same checks catch a payload that does run.
    page.set_content(f'<img src="http://{TRAP_HOST}/x.png" onerror="window.{MARK}=1">')
    page.wait_for_function(f"window.{MARK} === 1")
    assert trouble == [f"request to http://{TRAP_HOST}/x.png"]
    trouble.clear()

    sign_in(page, live_server, email)
    shown = set()
    for url in hostile_round[email]:
        response = page.goto(live_server + url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        # Focus and hover everything a payload could hang a handler on.
        page.keyboard.press("Tab")
        page.mouse.move(5, 5)
        ran = page.evaluate(f"[window.{MARK}, document.title]")
        assert ran[0] is None, f"a payload ran on {url}"
        assert "Madangan" in ran[1], url
        assert page.locator("script").count() == 0, url
        assert not trouble, f"{url}: {trouble}"
        text = page.inner_text("body")
        shown |= {payload for payload in XSS_PAYLOADS if payload.strip() in text}
    assert len(shown) >= 3, "the payloads were not shown as text: the test would prove nothing"

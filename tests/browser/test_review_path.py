"""The review of an action plan in a real browser: the participant submits it, the coach asks
for a revision, the participant revises and submits again, and the coach approves it."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.rounds.models import Cohort
from tests.browser.conftest import ARTIFACTS, Day
from tests.conftest import PASSWORD


def first_round_id(live_app):
    with live_app.app_context():
        return db.session.scalar(select(Cohort.id).filter_by(name="Angkatan II"))


@pytest.fixture
def two_people(browser):
    """Two browsers' worth of pages, each with its own cookies: two people at once."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def save_screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in_in_english(page, live_server, email):
    Day(page, live_server, "review", "desktop", "en").sign_in(email, PASSWORD)


def test_participant_and_coach_take_an_action_plan_through_review(
        two_people, live_server, live_app):
    cohort_id = first_round_id(live_app)
    participant, coach = two_people

    sign_in_in_english(participant, live_server, "participant2@madangan.example")
    participant.goto(f"{live_server}/journey/{cohort_id}")
    participant.get_by_role("link", name="My action plan").click()
    participant.get_by_label("Problem statement").fill(
        "Residents of Tasikmalaya queue at three offices to get one business permit.")
    participant.get_by_label("Goals").fill("- One online desk for business permits by June.")
    participant.get_by_label("Stakeholders").fill("- DPMPTSP\n- Diskominfo")
    participant.get_by_label("Expected outcome").fill("Permits in 3 days instead of 14.")
    participant.get_by_label("Title of milestone 1").fill("Map the permit process")
    participant.get_by_label("Due date of milestone 1").fill("2027-01-15")
    participant.get_by_role("button", name="Submit for review").click()
    expect(participant.get_by_role("status").first).to_contain_text("submitted")
    save_screenshot(participant, "plan-submitted")

    sign_in_in_english(coach, live_server, "coach@madangan.example")
    coach.goto(live_server + "/mentoring/")
    coach.get_by_role("link", name="Yusuf Maulana").click()
    coach.get_by_role("link", name="Action plan").click()
    expect(coach.get_by_text("Residents of Tasikmalaya queue").first).to_be_visible()
    coach.get_by_label("Comments").fill("Name the baseline: how many permits a month?")
    coach.get_by_role("button", name="Request a revision").click()
    expect(coach.get_by_role("status").first).to_be_visible()

    participant.reload()
    expect(participant.get_by_text("Name the baseline: how many permits a month?")).to_be_visible()
    participant.get_by_label("Problem statement").fill(
        "Residents of Tasikmalaya queue at three offices to get one business permit; "
        "about 400 permits a month.")
    participant.get_by_role("button", name="Submit for review").click()
    expect(participant.get_by_role("status").first).to_contain_text("submitted")

    coach.reload()
    expect(coach.locator("ins", has_text="about 400 permits a month")).to_be_visible()
    coach.get_by_role("button", name="Approve").click()
    save_screenshot(coach, "plan-approved-by-coach")

    participant.reload()
    expect(participant.get_by_text("Your coach approved your plan")).to_be_visible()

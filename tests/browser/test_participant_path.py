"""A participant's path in a real browser: sign in, read a lesson, mark it done, pass a quiz,
and see the progress rise."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.content.models import Activity, Course
from app.extensions import db
from app.rounds.models import Cohort
from tests.browser.conftest import Day
from tests.conftest import PASSWORD


def progress_percent(page):
    return int(page.locator("progress").first.get_attribute("value"))


def living_lab(live_app):
    """The workshop cohort and its course's activities, as the demo seeded them."""
    with live_app.app_context():
        cohort = db.session.scalar(select(Cohort).filter_by(name="Lokakarya Sumedang"))
        course = db.session.scalar(select(Course).filter_by(slug="lokakarya-living-lab-spbe"))
        activities = db.session.scalars(select(Activity).filter_by(course_id=course.id)).all()
        return cohort.id, course.slug, {a.slug: (a.kind, a.title, a.spec) for a in activities}


def test_participant_reads_a_lesson_passes_a_quiz_and_sees_progress_rise(
        page, live_server, live_app, screenshot):
    cohort_id, course_slug, activities = living_lab(live_app)
    Day(page, live_server, "participant", "desktop", "id").sign_in(
        "participant@madangan.example", PASSWORD)
    expect(page.get_by_role("heading", name="Pembelajaran saya")).to_be_visible()
    screenshot("participant-home")

    page.goto(f"{live_server}/journey/{cohort_id}")
    before = progress_percent(page)
    screenshot("participant-journey")

    # Work through the lessons in journey order with "Continue" until the quiz opens.
    page.get_by_role("link", name="Lanjutkan").first.click()
    while page.get_by_role("button", name="Tandai selesai").count():
        expect(page.locator(".lesson-body")).not_to_be_empty()
        page.get_by_role("button", name="Tandai selesai").click()
        expect(page.get_by_role("status")).to_contain_text("selesai")
    screenshot("participant-lesson-done")

    quiz_slug = re.search(r"/journey/\d+/[^/]+/([^/?]+)", page.url).group(1)
    kind, title, spec = activities[quiz_slug]
    assert kind == "quiz"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.locator("form[action$='/attempts'] [type=submit]").click()
    for question in spec["questions"]:
        for index in question["correct"]:
            page.locator(f"#q-{question['key']}-{index}").check()
    screenshot("participant-quiz")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("status")).to_contain_text("lulus")
    screenshot("participant-quiz-result")

    page.goto(f"{live_server}/journey/{cohort_id}")
    assert progress_percent(page) > before
    assert progress_percent(page) == 100

"""A timed quiz in a real browser: the countdown shows the server's deadline, answers are saved
as they are given (through a reload and a lost connection), unanswered questions are listed
before submitting, and at zero the page submits what it has."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app import clock
from app.content.models import Activity, Course
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.quizzes.models import QuizOverride
from app.rounds.models import Enrollment
from tests.browser.conftest import Day
from tests.browser.test_day_participant import WORKSHOP_COURSE, a_round_under_way
from tests.conftest import PASSWORD


def at_a_timed_quiz(live_app, minutes):
    """A round whose quiz has a time limit, its participant with the lessons before it done."""
    round_ = a_round_under_way(live_app)
    with live_app.app_context():
        enrollment = db.session.scalar(select(Enrollment).filter_by(cohort_id=round_["cohort"]))
        activities = db.session.scalars(
            select(Activity).join(Course, Course.id == Activity.course_id)
            .where(Course.slug == WORKSHOP_COURSE)).all()
        [quiz] = [activity for activity in activities if activity.kind == "quiz"]
        for activity in activities:
            if activity.kind != "quiz":
                db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id))
        db.session.add(QuizOverride(cohort_id=round_["cohort"], activity_id=quiz.id,
                                    settings={"time_limit": minutes}))
        db.session.commit()
        round_.update(quiz=quiz.slug, enrollment=enrollment.id)
    round_["url"] = f"/journey/{round_['cohort']}/{WORKSHOP_COURSE}/{round_['quiz']}"
    return round_


def saved_answers(live_app, enrollment_id):
    with live_app.app_context():
        return db.session.scalar(select(QuizAttempt.answers).filter_by(
            enrollment_id=enrollment_id))


def answer(page, question):
    for index in question["correct"]:
        page.locator(f"#q-{question['key']}-{index}").check()


def test_a_timed_attempt_survives_a_reload_and_a_lost_connection(
        browser, live_server, live_app):
    round_ = at_a_timed_quiz(live_app, minutes=20)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        day = Day(page, live_server, "participant", "desktop", "en")
        day.sign_in(round_["email"], PASSWORD)
        day.visit(round_["url"], "timed-quiz")
        page.locator("form[action$='/attempts'] [type=submit]").click()
        countdown = page.locator("#quiz-countdown")
        expect(countdown).to_have_text(re.compile(r"^(20:00|19:[0-5]\d)$"))
        first, second, *rest = round_["questions"]
        answer(page, first)
        expect(page.locator("#quiz-save-status")).to_have_text("Saved")
        day.check("timed-quiz-attempt")

        page.reload()
        for index in first["correct"]:
            expect(page.locator(f"#q-{first['key']}-{index}")).to_be_checked()
        expect(countdown).to_have_text(re.compile(r"^19:[0-5]\d$"))

        context.set_offline(True)
        answer(page, second)
        expect(page.locator("#quiz-save-status")).to_contain_text("no connection")
        context.set_offline(False)
        expect(page.locator("#quiz-save-status")).to_have_text("Saved")
        assert sorted(saved_answers(live_app, round_["enrollment"])) == sorted(
            [first["key"], second["key"]])

        if rest:
            page.locator("#quiz-attempt > [type=submit]").click()
            unanswered = page.locator("#quiz-unanswered")
            expect(unanswered).to_be_visible()
            expect(unanswered).to_contain_text(", ".join(
                str(n) for n in range(3, len(round_["questions"]) + 1)))
            day.check("timed-quiz-unanswered")
            for question in rest:
                answer(page, question)
        page.locator("#quiz-attempt > [type=submit]").click()
        expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
        expect(page.locator(".alert-success[role=status]")).to_contain_text("100")
        day.assert_accessible()
    finally:
        context.close()


def test_at_zero_the_page_submits_the_attempt_with_what_it_has(browser, live_server, live_app):
    round_ = at_a_timed_quiz(live_app, minutes=1)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        day = Day(page, live_server, "participant", "phone", "en")
        day.sign_in(round_["email"], PASSWORD)
        page.goto(live_server + round_["url"])
        page.locator("form[action$='/attempts'] [type=submit]").click()
        first, *_rest = round_["questions"]
        answer(page, first)
        expect(page.locator("#quiz-save-status")).to_have_text("Saved")
        with live_app.app_context():
            due_at = db.session.scalar(select(QuizAttempt.due_at).filter_by(
                enrollment_id=round_["enrollment"]))
        clock.travel_to(due_at - timedelta(seconds=3))  # the server's time runs on from here
        page.reload()
        expect(page).to_have_url(re.compile(r"/attempts/\d+$"), timeout=15_000)
        with live_app.app_context():
            attempt = db.session.scalar(select(QuizAttempt).filter_by(
                enrollment_id=round_["enrollment"]))
            assert attempt.status == "submitted"
            assert attempt.score == round(100 / len(round_["questions"]))
    finally:
        context.close()

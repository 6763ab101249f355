"""The action-plan seminar in a real browser: the examiner scores a participant's seminar, the
coach's and mentor's scores are in, the organiser publishes, and the participant sees the
final score and predicate, and the program's seminar requirement met on their journey."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from app.auth.models import User
from app.extensions import db
from app.rounds.models import Cohort, Enrollment
from app.seminars import services
from app.seminars.models import SeminarResult, SeminarScore
from app.seminars.rubric import load_rubric
from tests.browser.conftest import Day
from tests.conftest import PASSWORD


@pytest.fixture
def seminar_round(live_app):
    """The running round's program requires the seminar; Dewi's coach and mentor have scored
    her seminar (through the service). Returns (cohort id, Dewi's enrollment id)."""
    with live_app.test_request_context():
        cohort = db.session.scalar(select(Cohort).filter_by(name="Angkatan II"))
        dewi = db.session.scalar(select(Enrollment).join(User, User.id == Enrollment.user_id)
                                 .where(Enrollment.cohort_id == cohort.id,
                                        User.email == "participant@madangan.example"))
        cohort.program.requires_seminar = True
        for email, value in (("coach@madangan.example", 90),
                             ("mentor@madangan.example", 85)):
            scorer = db.session.scalar(select(User).filter_by(email=email))
            services.submit_score(scorer, dewi.id, {key: value for key in load_rubric().keys},
                                  f"Comments of {scorer.name}", 0)
        db.session.commit()
        ids = cohort.id, dewi.id
    yield ids
    with live_app.app_context():  # the other browser tests meet the demo as it was
        db.session.execute(delete(SeminarResult).where(SeminarResult.enrollment_id == ids[1]))
        db.session.execute(delete(SeminarScore).where(SeminarScore.enrollment_id == ids[1]))
        db.session.get(Cohort, ids[0]).program.requires_seminar = False
        db.session.commit()


@pytest.fixture
def person(browser, live_server):
    """A page of its own (its own cookies) for each person, signed in, in English: their
    Day, which checks each page with axe-core."""
    contexts = []

    def sign_in(email):
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}))
        day = Day(contexts[-1].new_page(), live_server, "seminar", "desktop", "en")
        day.sign_in(email, PASSWORD)
        return day

    yield sign_in
    for context in contexts:
        context.close()


def test_examiner_scores_organiser_publishes_participant_sees_the_predicate(
        person, seminar_round):
    cohort_id, enrollment_id = seminar_round

    examiner = person("examiner@madangan.example")
    examiner.visit("/seminar", "scoring")
    page = examiner.page
    page.get_by_role("link", name="Dewi Lestari").click()
    examiner.check("score-form")
    for criterion in load_rubric().criteria:
        page.get_by_label(criterion.label_en).fill("95")
    page.get_by_label("Comments for the participant").fill("A bold, feasible change.")
    page.get_by_role("button", name="Save the scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()
    examiner.check("scored")

    organiser = person("organiser@madangan.example")
    organiser.visit(f"/manage/cohorts/{cohort_id}/seminar", "results")
    page = organiser.page
    row = page.locator(f"#seminar-{enrollment_id}")
    expect(row).to_contain_text("Dr. Nurul Hidayah")
    expect(row).to_contain_text("91.5")  # 95 × 50% + 90 × 30% + 85 × 20%
    page.get_by_role("button", name="Publish every scored result").click()
    expect(page.get_by_text("1 result is published.")).to_be_visible()
    expect(row).to_contain_text("Very satisfactory")
    organiser.check("published")
    organiser.visit(f"/manage/cohorts/{cohort_id}/seminar/settings", "weights")

    participant = person("participant@madangan.example")
    participant.visit(f"/journey/{cohort_id}/seminar", "result")
    page = participant.page
    expect(page.locator("#predicate")).to_have_text("Very satisfactory")
    expect(page.locator("#final-score")).to_have_text("91.5")
    expect(page.get_by_text("A bold, feasible change.")).to_be_visible()
    expect(page.get_by_text("Comments of Dr. Hendra Wiguna")).to_be_visible()
    participant.visit(f"/journey/{cohort_id}", "journey")
    expect(page.get_by_text("Pass the action-plan seminar")).to_contain_text(
        "Very satisfactory")
    for day in (examiner, organiser, participant):
        day.assert_accessible()

"""A participant at the closing quiz of the cast's first course (two questions: capital, a
single choice, and domains, a multiple choice), and how tests take it through the pages."""
import pytest
from sqlalchemy import select

from app.content.models import Activity
from app.learning.models import QuizAttempt
from app.quizzes.models import QuizOverride

ALL_RIGHT = {"q-capital": "0", "q-domains": ["0", "1"]}
ONE_RIGHT = {"q-capital": "0", "q-domains": ["0"]}  # 50 %, the fixture quiz's pass mark
NONE_RIGHT = {"q-capital": "1", "q-domains": ["0"]}


def quiz_url(cohort):
    return f"/journey/{cohort.id}/platforms/final-quiz"


@pytest.fixture
def quiz(db, courses):
    return db.session.scalar(select(Activity).filter_by(course_id=courses[0].id,
                                                        slug="final-quiz"))


@pytest.fixture
def at_the_quiz(client, sign_in_en, participant, cohort):
    """The participant signed in (reading English), with the lessons before the quiz done."""
    sign_in_en(participant)
    for lesson in ("m1-lesson-1", "m1-lesson-2"):
        client.post(f"/journey/{cohort.id}/platforms/{lesson}/done", data={})


@pytest.fixture
def round_settings(db, cohort, quiz):
    """Set the round's settings of the quiz, as its organiser would."""
    def set_settings(**settings):
        db.session.add(QuizOverride(cohort_id=cohort.id, activity_id=quiz.id, settings=settings))
        db.session.flush()

    return set_settings


@pytest.fixture
def take(client, db, cohort):
    """Start an attempt (or take up the one in progress) and submit `answers`; returns the
    submit's response."""
    def take_quiz(answers, confirm=True):
        start = client.post(quiz_url(cohort) + "/attempts", data={})
        assert start.status_code == 302, start.text
        attempt = current_attempt(db)
        assert attempt is not None, "no attempt in progress"
        data = dict(answers, **({"confirm": "1"} if confirm else {}))
        return client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit", data=data)

    return take_quiz


def current_attempt(db):
    return db.session.scalar(select(QuizAttempt).filter_by(status="in_progress")
                             .execution_options(populate_existing=True))


def attempts(db):
    return db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.number)
                              .execution_options(populate_existing=True)).all()

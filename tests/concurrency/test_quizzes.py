"""Parallel requests at one quiz, through the real views on a live server: many starts make
one attempt, and many submits of it record it once, with one of the answers sent; the quiz's
completion agrees with the attempt."""
import random
import re

from sqlalchemy import select

from app.content.models import Activity
from app.extensions import db as _db
from app.learning.models import Completion, QuizAttempt
from app.rounds.models import Enrollment
from tests.concurrency.conftest import COURSE, PASS_MARK, QUESTIONS, QUIZZES, run_together

WORKERS = 20


def answers_scoring(score):
    """Form answers that score `score`: the first score/10 questions right, the rest wrong."""
    right = score * QUESTIONS // 100
    return {**{f"q-q{n}": "0" if n < right else "1" for n in range(QUESTIONS)}, "confirm": "1"}


def rows_of(race_app, model, cohort_id, *columns):
    with race_app.app_context():
        return _db.session.execute(
            select(Activity.slug, *columns)
            .join(model, model.activity_id == Activity.id)
            .join(Enrollment, Enrollment.id == model.enrollment_id)
            .where(Enrollment.cohort_id == cohort_id)).all()


def test_parallel_starts_make_one_attempt_and_parallel_submits_record_it_once(
        race_app, make_world, sign_in_live):
    world = make_world(rounds=1)
    cohort_id = world.cohort_ids[0]
    learner = sign_in_live(world.participant_emails[0])
    submitted = {}
    for number, quiz in enumerate(QUIZZES):
        step = f"/journey/{cohort_id}/{COURSE}/{quiz}"
        starts = run_together(lambda _: learner.post(step + "/attempts"), range(WORKERS))
        assert all(r.status_code == 302 for r in starts), [str(r)[:200] for r in starts]
        [(attempt_id,)] = [(a,) for slug, a in rows_of(race_app, QuizAttempt, cohort_id,
                                                       QuizAttempt.id) if slug == quiz]
        scores = [(i % (QUESTIONS + 1)) * 10 for i in range(WORKERS)]
        random.Random(number).shuffle(scores)
        submitted[quiz] = scores
        responses = run_together(
            lambda score: learner.post(f"{step}/attempts/{attempt_id}/submit",
                                       answers_scoring(score)), scores)
        result = re.compile(rf".*{step}/attempts/{attempt_id}$")
        locations = [r.headers.get("Location", "") for r in responses]
        assert sum(1 for location in locations if result.fullmatch(location)) == 1, locations
        assert all(r.status_code == 302 for r in responses)

    attempts = rows_of(race_app, QuizAttempt, cohort_id, QuizAttempt.score,
                       QuizAttempt.status)
    completions = dict(rows_of(race_app, Completion, cohort_id, Completion.score))
    for quiz in QUIZZES:
        [(score, status)] = [(s, st) for slug, s, st in attempts if slug == quiz]
        assert status == "submitted" and score in submitted[quiz]
        assert completions.get(quiz) == (score if score >= PASS_MARK else None)

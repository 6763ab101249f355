"""Parallel attempts at one quiz, through the real view on a live server: every attempt is
kept, and the quiz's completion holds the best passing score, whichever attempt came last."""
import random
import re

from sqlalchemy import select

from app.content.models import Activity
from app.extensions import db as _db
from app.learning.models import Completion, QuizAttempt
from app.rounds.models import Enrollment
from tests.concurrency.conftest import COURSE, PASS_MARK, QUESTIONS, QUIZZES, run_together

WORKERS = 20


def scores_of_round(number):
    """WORKERS scores in tens, a different best one each round, the best not submitted last."""
    scores = [(i % (QUESTIONS + 1 - number)) * 10 for i in range(WORKERS)]
    random.Random(number).shuffle(scores)
    return scores


def answers_scoring(score):
    """Form answers that score `score`: the first score/10 questions right, the rest wrong."""
    right = score * QUESTIONS // 100
    return {f"q-q{n}": "0" if n < right else "1" for n in range(QUESTIONS)}


def test_parallel_quiz_attempts_keep_every_attempt_and_the_best_score(
        race_app, make_world, sign_in_live):
    world = make_world(rounds=1)
    cohort_id = world.cohort_ids[0]
    learner = sign_in_live(world.participant_emails[0])
    submitted = {}

    for number, quiz in enumerate(QUIZZES):
        submitted[quiz] = scores_of_round(number)
        responses = run_together(
            lambda score: learner.post(f"/journey/{cohort_id}/{COURSE}/{quiz}/quiz",
                                       answers_scoring(score)),
            submitted[quiz])

        result = re.compile(rf"/journey/{cohort_id}/{COURSE}/{quiz}/attempts/\d+")
        assert all(r.status_code == 302 and result.fullmatch(r.headers.get("Location", ""))
                   for r in responses), [(r.status_code, r.text[:200]) for r in responses]
        assert len({r.headers["Location"] for r in responses}) == WORKERS
    with race_app.app_context():
        attempts = _db.session.execute(
            select(Activity.slug, QuizAttempt.score, QuizAttempt.passed)
            .join(QuizAttempt, QuizAttempt.activity_id == Activity.id)
            .join(Enrollment, Enrollment.id == QuizAttempt.enrollment_id)
            .where(Enrollment.cohort_id == cohort_id)).all()
        completions = _db.session.execute(
            select(Activity.slug, Completion.score)
            .join(Completion, Completion.activity_id == Activity.id)
            .join(Enrollment, Enrollment.id == Completion.enrollment_id)
            .where(Enrollment.cohort_id == cohort_id)).all()
    for quiz in QUIZZES:
        kept = [(score, passed) for slug, score, passed in attempts if slug == quiz]
        assert sorted(kept) == sorted((score, score >= PASS_MARK) for score in submitted[quiz])
    assert sorted(completions) == sorted(
        (quiz, max(score for score in submitted[quiz] if score >= PASS_MARK))
        for quiz in QUIZZES)

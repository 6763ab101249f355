"""Question pools and shuffling: each attempt asks `draw` of the quiz's questions, in the order
drawn, with its choices in their own order; grading and review follow the attempt's draw."""
from app.content.quiz_settings import QuizSettings
from app.quizzes.attempts import draw_questions
from tests.quizzes.conftest import current_attempt, quiz_url

SPEC = {"pass_mark": 50, "questions": [
    {"key": f"q{n}", "kind": "single", "prompt": f"Question {n}", "explanation": "",
     "choices": ["a", "b", "c", "d"], "correct": [0]} for n in range(6)]}


def test_a_draw_asks_that_many_distinct_questions_in_the_files_order():
    for _ in range(20):
        drawn = draw_questions(SPEC, QuizSettings(draw=3))
        keys = [item["key"] for item in drawn]
        assert len(set(keys)) == 3 and keys == sorted(keys)
        assert all(item["order"] == [0, 1, 2, 3] for item in drawn)


def test_draws_differ_between_attempts():
    draws = {tuple(item["key"] for item in draw_questions(SPEC, QuizSettings(draw=2)))
             for _ in range(60)}
    assert len(draws) > 1  # 15 possible pairs: all 60 alike has a chance of 15**-59


def test_shuffling_orders_questions_and_choices_without_losing_any():
    orders = set()
    for _ in range(60):
        drawn = draw_questions(SPEC, QuizSettings(shuffle_questions=True, shuffle_choices=True))
        assert sorted(item["key"] for item in drawn) == [f"q{n}" for n in range(6)]
        assert all(sorted(item["order"]) == [0, 1, 2, 3] for item in drawn)
        orders.add(tuple(item["key"] for item in drawn))
    assert len(orders) > 1


def test_an_attempt_asks_and_grades_only_its_drawn_question(
        client, db, at_the_quiz, cohort, round_settings):
    round_settings(draw=1)
    client.post(quiz_url(cohort) + "/attempts", data={})
    attempt = current_attempt(db)
    [asked] = [item["key"] for item in attempt.questions]
    other = {"capital": "domains", "domains": "capital"}[asked]
    page = client.get(quiz_url(cohort)).text
    assert f'name="q-{asked}"' in page and f'name="q-{other}"' not in page
    refused = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers",
                          data={f"q-{other}": "0"})
    assert refused.status_code == 409
    right = {"capital": ["0"], "domains": ["0", "1"]}[asked]
    client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit",
                data={f"q-{asked}": right, "confirm": "1"})
    db.session.refresh(attempt)
    assert (attempt.score, attempt.passed) == (100, True)

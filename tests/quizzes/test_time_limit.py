"""A timed attempt: its deadline is kept on the server, answers after it are not saved, and an
attempt past it is submitted with what it held — by its page, by the next start, or by
`flask quizzes close-late` when the page was left."""
from datetime import timedelta

from app.quizzes.attempts import GRACE
from tests.quizzes.conftest import ALL_RIGHT, attempts, current_attempt, quiz_url


def start_timed(client, db, cohort, round_settings, minutes=10):
    round_settings(time_limit=minutes)
    client.post(quiz_url(cohort) + "/attempts", data={})
    return current_attempt(db)


def test_a_timed_attempt_is_due_its_limit_after_it_starts(
        client, db, at_the_quiz, cohort, round_settings, set_clock, test_clock):
    set_clock(test_clock)  # standing still, so the page counts down from the whole limit
    attempt = start_timed(client, db, cohort, round_settings)
    assert attempt.due_at - attempt.started_at == timedelta(minutes=10)
    page = client.get(quiz_url(cohort)).text
    assert 'data-seconds-left="600"' in page and "10:00" in page


def test_a_submit_within_the_grace_after_the_limit_counts(
        client, db, at_the_quiz, cohort, round_settings, set_clock, test_clock):
    attempt = start_timed(client, db, cohort, round_settings)
    set_clock(attempt.due_at + GRACE - timedelta(seconds=1))
    client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit",
                data=dict(ALL_RIGHT, confirm="1"))
    [ended] = attempts(db)
    assert (ended.status, ended.score) == ("submitted", 100)


def test_a_late_submit_is_scored_on_the_answers_saved_in_time(
        client, db, at_the_quiz, cohort, round_settings, set_clock, test_clock):
    attempt = start_timed(client, db, cohort, round_settings)
    client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers", data={"q-capital": "0"})
    set_clock(attempt.due_at + GRACE + timedelta(seconds=1))
    late_save = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers",
                            data={"q-domains": ["0", "1"]})
    assert late_save.status_code == 409
    response = client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/submit",
                           data=dict(ALL_RIGHT, confirm="1"))
    [ended] = attempts(db)
    assert (ended.status, ended.score, ended.submitted_at) == ("timed_out", 50, attempt.due_at)
    assert "The time was up" in client.get(response.location).text


def test_an_attempt_left_past_its_limit_is_closed_by_the_next_start(
        client, db, at_the_quiz, cohort, round_settings, set_clock, test_clock):
    attempt = start_timed(client, db, cohort, round_settings)
    set_clock(attempt.due_at + timedelta(hours=1))
    assert "is up" in client.get(quiz_url(cohort)).text
    client.post(quiz_url(cohort) + "/attempts", data={})
    first, second = attempts(db)
    assert (first.status, first.score) == ("timed_out", 0)
    assert second.in_progress and second.number == 2


def test_close_late_submits_the_attempts_past_their_limit(
        app, client, db, at_the_quiz, cohort, round_settings, set_clock, test_clock):
    attempt = start_timed(client, db, cohort, round_settings)
    client.post(f"{quiz_url(cohort)}/attempts/{attempt.id}/answers", data=ALL_RIGHT)
    runner = app.test_cli_runner()
    assert "Closed 0 " in runner.invoke(args=["quizzes", "close-late"]).output
    set_clock(attempt.due_at + GRACE + timedelta(seconds=1))
    assert "Closed 1 " in runner.invoke(args=["quizzes", "close-late"]).output
    [ended] = attempts(db)
    assert (ended.status, ended.score, ended.passed) == ("timed_out", 100, True)

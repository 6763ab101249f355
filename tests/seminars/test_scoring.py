"""A scorer fills in the rubric for a participant assigned to them: every criterion 0–100,
nothing saved when one is wrong, one row per scorer and participant, and no change once the
result is published."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.errors import DomainError
from app.seminars import services
from app.seminars.models import SeminarScore
from tests.seminars.conftest import all_scores

pytestmark = pytest.mark.usefixtures("request_context")


def url(enrollment):
    return f"/seminar/{enrollment.id}"


def form(value, revision=0, **extra):
    return {**{f"score_{key}": value for key in all_scores(value)}, "comments": "Clear plan.",
            "revision": revision, **extra}


def score_rows(db):
    return db.session.scalar(select(func.count(SeminarScore.id)))


def test_the_examiner_scores_the_participant(db, seminar_enrollment, examiner, score):
    saved = score(examiner, seminar_enrollment, 80, "Well argued.")
    assert (saved.role, saved.total, saved.revision) == ("examiner", 80, 1)
    event = db.session.scalar(select(AuditEvent).filter_by(action="seminar.scored"))
    assert event.actor_id == examiner.id and event.details["scorer_role"] == "examiner"


def test_the_total_follows_the_criteria_weights(db, seminar_enrollment, coach):
    scores = {**all_scores(100), "innovation": 60}  # weight 25
    saved = services.submit_score(coach, seminar_enrollment.id, scores, "", 0)
    assert saved.total == 90


@pytest.mark.parametrize("scores, message", [
    ({**all_scores(70), "problem": 101},
     "“Sharpness of the problem and strategic issue” must be a whole number"),
    ({**all_scores(70), "problem": -1}, "must be a whole number from 0 to 100"),
    ({**all_scores(70), "problem": "7.5"}, "must be a whole number from 0 to 100"),
    ({**all_scores(70), "charisma": 90}, "charisma is not a criterion of this round's rubric"),
    ({key: 70 for key in list(all_scores(70))[1:]}, "Give a score for “Sharpness of the problem"),
])
def test_bad_scores_are_refused_and_nothing_is_saved(db, seminar_enrollment, examiner, scores,
                                                     message):
    with pytest.raises(DomainError, match=message):
        services.submit_score(examiner, seminar_enrollment.id, scores, "", 0)
    assert score_rows(db) == 0


def test_someone_not_assigned_cannot_score(db, seminar_enrollment, other_coach):
    with pytest.raises(services.NotAScorer):
        services.submit_score(other_coach, seminar_enrollment.id, all_scores(80), "", 0)
    assert score_rows(db) == 0


def test_a_second_save_updates_the_one_row(db, seminar_enrollment, mentor, score):
    score(mentor, seminar_enrollment, 70)
    again = score(mentor, seminar_enrollment, 75, revision=1)
    assert (again.total, again.revision, score_rows(db)) == (75, 2, 1)


def test_a_stale_form_is_refused(db, seminar_enrollment, mentor, score):
    score(mentor, seminar_enrollment, 70)
    with pytest.raises(services.StaleScores, match="saved from another page"):
        score(mentor, seminar_enrollment, 90, revision=0)
    assert db.session.scalar(select(SeminarScore.total)) == 70


def test_one_scorer_has_one_row_per_participant_in_the_database(db, seminar_enrollment, mentor,
                                                                score):
    score(mentor, seminar_enrollment, 70)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(SeminarScore(enrollment_id=seminar_enrollment.id, scorer_id=mentor.id,
                                    role="mentor", scores={}, total=1))
        db.session.flush()


def test_a_published_result_freezes_the_scores(db, organiser, seminar_enrollment, examiner,
                                               coach, mentor, score, cohort):
    for user in (examiner, coach, mentor):
        score(user, seminar_enrollment, 85)
    services.publish_results(organiser, cohort)
    with pytest.raises(services.ResultPublished, match="unpublish it"):
        score(examiner, seminar_enrollment, 95, revision=1)


# --- the page -----------------------------------------------------------------------------

def test_the_page_shows_the_rubric_to_the_examiner(client, sign_in, seminar_enrollment,
                                                   examiner):
    sign_in(examiner)
    page = client.get(url(seminar_enrollment)).text
    assert "Dewi Participant" in page and 'name="score_problem"' in page
    assert 'name="csrf_token"' in page


def test_the_examiner_saves_scores_through_the_form(client, sign_in, db, seminar_enrollment,
                                                    examiner):
    sign_in(examiner)
    response = client.post(url(seminar_enrollment), data=form(88))
    assert response.status_code == 302
    assert db.session.scalar(select(SeminarScore.total)) == 88


def test_the_form_names_a_score_out_of_range(client, sign_in, db, seminar_enrollment, examiner):
    sign_in(examiner)
    page = client.post(url(seminar_enrollment), data=form(88, score_problem=150)).text
    assert "A score is a whole number from 0 to 100." in page
    assert score_rows(db) == 0


def test_a_forged_criterion_is_refused_by_name(client, sign_in, db, seminar_enrollment,
                                               examiner):
    sign_in(examiner)
    page = client.post(url(seminar_enrollment), data=form(88, score_charisma=100)).text
    assert "charisma is not a criterion of this round&#39;s rubric." in page
    assert score_rows(db) == 0


def test_a_forged_form_for_someone_else_s_participant_is_not_found(
        client, sign_in, db, seminar_enrollment, other_coach):
    sign_in(other_coach)
    assert client.post(url(seminar_enrollment), data=form(88)).status_code == 404
    assert client.get(url(seminar_enrollment)).status_code == 404
    assert score_rows(db) == 0


def test_the_list_shows_whom_i_score(client, sign_in, seminar_enrollment, examiner):
    sign_in(examiner)
    page = client.get("/seminar").text
    assert "Dewi Participant" in page and "Not scored yet" in page

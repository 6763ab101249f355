"""The organiser publishes the round's (or one participant's) seminar result: the role weights
mix the scorers' totals into the final score, whose band is the predicate; the participant
sees it only then, and a result goes back only by unpublishing, which is audited."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.errors import DomainError
from app.seminars import services
from app.seminars.models import SeminarResult

pytestmark = pytest.mark.usefixtures("request_context")


def scored(score, enrollment, examiner, coach, mentor, values=(90, 80, 70)):
    for user, value in zip((examiner, coach, mentor), values):
        score(user, enrollment, value, comments=f"From {user.name}")


def overview(cohort):
    return f"/manage/cohorts/{cohort.id}/seminar"


def test_the_final_score_mixes_the_role_weights(db, organiser, cohort, seminar_enrollment,
                                                examiner, coach, mentor, score):
    scored(score, seminar_enrollment, examiner, coach, mentor)  # 50/30/20 weights
    assert services.publish_results(organiser, cohort) == (1, [])
    result = db.session.scalar(select(SeminarResult))
    assert (result.final_score, result.predicate, result.passed) == (83, "memuaskan", True)
    event = db.session.scalar(select(AuditEvent).filter_by(action="seminar.published"))
    assert event.details["predicate"] == "Memuaskan"


def test_a_participant_waiting_for_a_score_is_not_published(db, organiser, cohort,
                                                            seminar_enrollment, examiner,
                                                            coach, score):
    score(examiner, seminar_enrollment, 90)
    score(coach, seminar_enrollment, 90)
    assert services.publish_results(organiser, cohort) == (0, ["Dewi Participant"])
    with pytest.raises(DomainError, match="Dewi Participant has no score yet from: Mentor"):
        services.publish_results(organiser, cohort, seminar_enrollment.id)
    assert db.session.scalar(select(SeminarResult)) is None


def test_a_round_s_weights_change_the_final_score(db, organiser, cohort, seminar_enrollment,
                                                  examiner, coach, mentor, score):
    services.save_settings(organiser, cohort, {"problem": 20, "innovation": 25,
                                               "feasibility": 20, "stakeholders": 15,
                                               "presentation": 20},
                           {"examiner": 100, "coach": 0, "mentor": 0})
    score(examiner, seminar_enrollment, 65)
    assert services.publish_results(organiser, cohort) == (1, [])
    assert db.session.scalar(select(SeminarResult.predicate)) == "kurang_memuaskan"


def test_weights_must_add_up_to_100(organiser, cohort):
    with pytest.raises(DomainError, match="scorer weights add up to 90, not 100"):
        services.save_settings(organiser, cohort, {"problem": 20, "innovation": 25,
                                                   "feasibility": 20, "stakeholders": 15,
                                                   "presentation": 20},
                               {"examiner": 50, "coach": 20, "mentor": 20})


def test_unpublishing_lets_the_scores_change_and_is_audited(db, organiser, cohort,
                                                            seminar_enrollment, examiner,
                                                            coach, mentor, score):
    scored(score, seminar_enrollment, examiner, coach, mentor)
    services.publish_results(organiser, cohort)
    services.unpublish_result(organiser, cohort, seminar_enrollment.id)
    assert db.session.scalar(select(SeminarResult)) is None
    assert db.session.scalar(select(AuditEvent).filter_by(action="seminar.unpublished"))
    assert score(examiner, seminar_enrollment, 100, revision=1).total == 100


def test_the_organiser_publishes_from_the_page(client, sign_in, db, organiser, cohort,
                                               seminar_enrollment, examiner, coach, mentor,
                                               score):
    scored(score, seminar_enrollment, examiner, coach, mentor)
    sign_in(organiser)
    page = client.get(overview(cohort)).text
    assert "Yusuf Examiner" in page and "83" in page
    response = client.post(f"{overview(cohort)}/publish",
                           data={"csrf_token": client.csrf_token()})
    assert response.status_code == 302
    assert "1 result is published." in client.get(overview(cohort)).text
    assert db.session.scalar(select(SeminarResult.final_score)) == 83


def test_a_get_publishes_nothing(client, sign_in, organiser, cohort, seminar_enrollment):
    sign_in(organiser)
    assert client.get(f"{overview(cohort)}/publish").status_code == 405


def test_the_participant_sees_the_result_only_once_published(client, sign_in, db, organiser,
                                                             cohort, participant,
                                                             seminar_enrollment, examiner,
                                                             coach, mentor, score):
    scored(score, seminar_enrollment, examiner, coach, mentor)
    sign_in(participant)
    page = client.get(f"/journey/{cohort.id}/seminar").text
    assert "belum diumumkan" in page or "not published yet" in page
    assert "From Yusuf Examiner" not in page
    services.publish_results(organiser, cohort)
    page = client.get(f"/journey/{cohort.id}/seminar").text
    assert "Memuaskan" in page and "From Yusuf Examiner" in page and "83" in page


def test_an_outsider_sees_no_result(client, sign_in, cohort, outsider):
    sign_in(outsider)
    assert client.get(f"/journey/{cohort.id}/seminar").status_code == 404

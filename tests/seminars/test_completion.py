"""A program can require the seminar passed, at a minimum predicate: the rule reads the
published result on both paths, a round's and one person's, and the program's seminar page
sets it."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.progress.queries import evaluate_cohort, evaluate_enrollments
from app.seminars import services

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.usefixtures("request_context")


def seminar_requirement(cohort, enrollment):
    by_round = evaluate_cohort(cohort, [enrollment.id], NOW)[enrollment.id]
    by_person = evaluate_enrollments([enrollment], NOW)[enrollment.id]
    found = [[r for r in e.requirements if r.key == "seminar"] for e in (by_round, by_person)]
    assert [[(r.met, str(r.detail)) for r in f] for f in found][0] == \
        [[(r.met, str(r.detail)) for r in f] for f in found][1]
    return found[0][0] if found[0] else None


def publish_with(organiser, cohort, enrollment, users, score, value):
    for user in users:
        score(user, enrollment, value)
    services.publish_results(organiser, cohort)


def test_the_rule_applies_only_when_the_program_asks(db, cohort, seminar_enrollment):
    assert seminar_requirement(cohort, seminar_enrollment) is None


def test_a_program_needs_a_published_passing_result(db, program, cohort, organiser,
                                                    seminar_enrollment, examiner, coach,
                                                    mentor, score):
    program.requires_seminar = True
    requirement = seminar_requirement(cohort, seminar_enrollment)
    assert (requirement.met, str(requirement.detail)) == (False, "no result published yet")
    publish_with(organiser, cohort, seminar_enrollment, (examiner, coach, mentor), score, 75)
    requirement = seminar_requirement(cohort, seminar_enrollment)
    assert (requirement.met, str(requirement.detail)) == (True, "Fairly satisfactory")


def test_a_failing_predicate_does_not_complete(db, program, cohort, organiser,
                                               seminar_enrollment, examiner, coach, mentor,
                                               score):
    program.requires_seminar = True
    publish_with(organiser, cohort, seminar_enrollment, (examiner, coach, mentor), score, 40)
    assert not seminar_requirement(cohort, seminar_enrollment).met


@pytest.mark.parametrize("value, met", [(85, True), (92, True), (75, False)])
def test_a_minimum_predicate_is_kept(db, program, cohort, organiser, seminar_enrollment,
                                     examiner, coach, mentor, score, value, met):
    program.requires_seminar, program.min_seminar_predicate = True, "memuaskan"
    publish_with(organiser, cohort, seminar_enrollment, (examiner, coach, mentor), score, value)
    requirement = seminar_requirement(cohort, seminar_enrollment)
    assert requirement.met is met
    assert str(requirement.label) == "Pass the action-plan seminar with at least Satisfactory"


def test_the_program_page_sets_the_seminar_rules(client, sign_in, db, organiser, program):
    sign_in(organiser)
    url = f"/manage/programs/{program.id}/seminar"
    assert 'name="min_seminar_predicate"' in client.get(url).text
    response = client.post(url, data={"requires_seminar": "y",
                                      "min_seminar_predicate": "cukup_memuaskan",
                                      "certificate_shows_predicate": "y"})
    assert response.status_code == 302
    assert (program.requires_seminar, program.min_seminar_predicate,
            program.certificate_shows_predicate) == (True, "cukup_memuaskan", True)
    assert db.session.scalar(select(AuditEvent).filter_by(
        action="seminar.program_rules_changed"))


def test_a_failing_predicate_cannot_be_the_minimum(client, sign_in, organiser, program):
    sign_in(organiser)
    page = client.post(f"/manage/programs/{program.id}/seminar",
                       data={"requires_seminar": "y",
                             "min_seminar_predicate": "tidak_memuaskan"}).text
    assert "Not a valid choice" in page
    assert not program.requires_seminar

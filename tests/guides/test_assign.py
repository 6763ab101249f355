"""The coaches-and-mentors page: every participant with a coach and a mentor choice, saved in
one POST; only the round's own coaches and mentors can be chosen."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.enrolment import guides
from app.errors import DomainError
from app.rounds.models import Enrollment


def guides_of(db, user):
    enrollment = db.session.scalar(select(Enrollment).filter_by(user_id=user.id))
    return enrollment.coach_id, enrollment.mentor_id


def enrollment_of(db, user):
    return db.session.scalar(select(Enrollment).filter_by(user_id=user.id))


def url(cohort):
    return f"/manage/cohorts/{cohort.id}/guides"


def test_it_lists_every_participant_with_a_coach_and_a_mentor_choice(
        signed_in, client, cohort, participant, coach, mentor, guided_enrollment):
    page = client.get(url(cohort)).text
    assert 'aria-current="page" href="/manage/cohorts/%d/guides"' % cohort.id in page
    assert participant.name in page and 'name="csrf_token"' in page
    n = guided_enrollment.id
    assert f'<label class="visually-hidden" for="coach_{n}">Coach of Dewi Participant' in page
    assert f'<option selected value="{coach.id}">Hendra Coach</option>' in page
    assert f'<option selected value="{mentor.id}">Asep Mentor</option>' in page
    assert "Without a coach: 0 · without a mentor: 0" in page


def test_a_coach_and_a_mentor_are_assigned_in_one_post(signed_in, client, db, cohort,
                                                       participant, coach, mentor,
                                                       make_people):
    [other] = make_people(1)
    dewi, second = enrollment_of(db, participant), enrollment_of(db, other)
    response = client.post(url(cohort), data={
        f"coach_{dewi.id}": coach.id, f"mentor_{dewi.id}": mentor.id,
        f"coach_{second.id}": coach.id, f"mentor_{second.id}": 0})
    assert response.status_code == 302 and response.location == url(cohort)
    assert guides_of(db, participant) == (coach.id, mentor.id)
    assert guides_of(db, other) == (coach.id, None)
    assert "2 participants have new guides." in client.get(url(cohort)).text
    events = db.session.scalars(select(AuditEvent).filter_by(action="guides.assigned")
                                .order_by(AuditEvent.id)).all()
    assert sorted((e.details["name"], e.details["coach"], e.details["mentor"])
                  for e in events) == [("Dewi Participant", "Hendra Coach", "Asep Mentor"),
                                       ("Participant 001", "Hendra Coach", "—")]
    assert {e.actor_id for e in events} == {signed_in.id}
    assert "Gave Dewi Participant the coach Hendra Coach and the mentor Asep Mentor" in \
        client.get(f"/manage/cohorts/{cohort.id}/audit").text


def test_unchanged_participants_are_not_written_or_logged(signed_in, client, db, cohort,
                                                          coach, mentor, guided_enrollment):
    response = client.post(url(cohort), data={f"coach_{guided_enrollment.id}": coach.id,
                                              f"mentor_{guided_enrollment.id}": mentor.id})
    assert response.status_code == 302
    assert "0 participants have new guides." in client.get(url(cohort)).text
    assert db.session.scalar(select(AuditEvent).filter_by(action="guides.assigned")) is None


def test_choosing_nobody_takes_the_guides_away(signed_in, client, db, cohort, participant,
                                               guided_enrollment):
    client.post(url(cohort), data={f"coach_{guided_enrollment.id}": 0,
                                   f"mentor_{guided_enrollment.id}": 0})
    assert guides_of(db, participant) == (None, None)


def test_a_participant_left_out_of_the_post_keeps_their_guides(
        signed_in, client, db, cohort, participant, coach, mentor, guided_enrollment,
        make_people):
    [newcomer] = make_people(1)  # enrolled after the page was loaded, say
    newcomer_enrollment = enrollment_of(db, newcomer)
    response = client.post(url(cohort), data={f"coach_{newcomer_enrollment.id}": coach.id,
                                              f"mentor_{newcomer_enrollment.id}": 0})
    assert response.status_code == 302
    assert guides_of(db, participant) == (coach.id, mentor.id)
    assert guides_of(db, newcomer) == (coach.id, None)


@pytest.mark.parametrize("who", ["mentor", "participant", "coach_of_another_round",
                                 "stranger"])
def test_someone_not_a_coach_of_this_round_cannot_be_chosen_as_coach(
        request, signed_in, client, db, cohort, enrollment, participant, coach, mentor,
        make_people, make_user, make_program, make_cohort, courses, organisation, who):
    [other] = make_people(1)
    if who == "coach_of_another_round":
        chosen = make_people(1, "coach", cohort=make_cohort(
            make_program(courses, organisation=organisation, slug="other")))[0]
    elif who == "stranger":
        chosen = make_user(roles=("coach",))
    else:
        chosen = request.getfixturevalue(who)
    other_enrollment = enrollment_of(db, other)
    response = client.post(url(cohort), data={
        f"coach_{other_enrollment.id}": coach.id, f"mentor_{other_enrollment.id}": mentor.id,
        f"coach_{enrollment.id}": chosen.id, f"mentor_{enrollment.id}": 0})
    assert response.status_code == 200
    assert "Not a valid choice" in response.text and "is-invalid" in response.text
    assert guides_of(db, participant) == (None, None)
    assert guides_of(db, other) == (None, None)  # nothing of the POST is saved
    assert db.session.scalar(select(AuditEvent).filter_by(action="guides.assigned")) is None


def test_the_service_refuses_a_coach_who_is_not_a_coach_of_the_round(
        request_context, db, organiser, enrollment, participant, coach, mentor):
    not_a_coach = "The coach chosen for Dewi Participant is not a coach of this round."
    with pytest.raises(guides.NotAGuide, match=not_a_coach):
        guides.save_guides(organiser, enrollment.cohort, {enrollment.id: (mentor.id, mentor.id)})
    with pytest.raises(guides.NotAGuide, match="The mentor chosen for Dewi Participant"):
        guides.save_guides(organiser, enrollment.cohort, {enrollment.id: (coach.id, coach.id)})
    assert (enrollment.coach_id, enrollment.mentor_id) == (None, None)
    guides.save_guides(organiser, enrollment.cohort, {enrollment.id: (coach.id, mentor.id)})
    assert (enrollment.coach_id, enrollment.mentor_id) == (coach.id, mentor.id)
    [event] = db.session.scalars(select(AuditEvent).filter_by(action="guides.assigned")).all()
    assert event.cohort_id == enrollment.cohort_id and event.actor_id == organiser.id


def test_only_participants_have_guides(request_context, db, organiser, cohort, coach, mentor):
    mentor_enrollment = enrollment_of(db, mentor)
    with pytest.raises(DomainError, match="Only participants have a coach and a mentor."):
        guides.save_guides(organiser, cohort, {mentor_enrollment.id: (coach.id, None)})


def test_an_archived_round_shows_the_choices_but_cannot_change_them(
        signed_in, client, db, cohort, enrollment, participant, coach):
    cohort.status = "archived"
    db.session.flush()
    page = client.get(url(cohort)).text
    assert f'<select class="form-select form-select-sm" disabled id="coach_{enrollment.id}"' \
        in page
    assert "Save the assignments" not in page and "Balance coaches" not in page
    refused = client.post(url(cohort), data={f"coach_{enrollment.id}": coach.id,
                                             f"mentor_{enrollment.id}": 0})
    assert "An archived round cannot be changed." in refused.text
    assert guides_of(db, participant) == (None, None)


def test_a_post_without_csrf_token_is_refused(signed_in, client, db, cohort, enrollment,
                                              participant, coach):
    response = client.post(url(cohort), data={f"coach_{enrollment.id}": coach.id,
                                              f"mentor_{enrollment.id}": 0}, csrf=False)
    assert response.status_code == 400
    assert guides_of(db, participant) == (None, None)


def test_the_page_costs_the_same_queries_for_3_or_30_participants(
        signed_in, client, cohort, count_queries, make_people, coach, mentor):
    def queries():
        with count_queries() as statements:
            assert client.get(url(cohort)).status_code == 200
        return len(statements)

    make_people(3)
    small = queries()
    make_people(27)
    make_people(3, "coach")
    assert queries() == small
    assert small <= 8

"""Coaches and mentors see the participants assigned to them, across rounds, and no one else."""
from datetime import timedelta

import pytest

from app.content.models import Activity
from app.enrolment.services import enroll
from app.learning.services import record_completion
from tests.mentoring.guidance import NOW, add_mentees, add_plan, switch_user


@pytest.fixture
def fixed_now(set_clock):
    return set_clock(NOW)


def test_a_coach_sees_their_participants_with_progress(client, sign_in_en, db, coach,
                                                       guided_enrollment, participant, outsider):
    lesson = db.session.scalar(db.select(Activity).filter_by(slug="m1-lesson-1"))
    record_completion(guided_enrollment, lesson)
    sign_in_en(coach)
    page = client.get("/mentoring/").text
    assert participant.name in page
    assert "1 of 6 activities done" in page
    assert f'href="/mentoring/participants/{guided_enrollment.id}"' in page
    assert "You are the coach" in page
    assert outsider.name not in page


def test_the_mentor_sees_the_participants_they_mentor(client, sign_in_en, mentor, participant,
                                                      guided_enrollment):
    sign_in_en(mentor)
    page = client.get("/mentoring/").text
    assert participant.name in page
    assert "You are the mentor" in page


def test_guiding_in_a_round_is_not_enough_without_the_assignment(
        client, sign_in, other_coach, coach, enrollment, participant):
    for guide in (other_coach, coach):  # both are the round's coaches; neither is assigned
        switch_user(client, sign_in, guide)
        assert participant.name not in client.get("/mentoring/").text


def test_the_home_lists_participants_of_every_round_assigned(
        client, sign_in, db, coach, guided_enrollment, participant, make_cohort, program,
        make_user):
    later = make_cohort(program, name="Angkatan II", status="open")
    other = make_user(name="Fajar From Round Two")
    enroll(later, other, actor=None).coach_id = coach.id
    db.session.flush()
    sign_in(coach)
    page = client.get("/mentoring/").text
    assert participant.name in page and other.name in page
    assert "— Angkatan I\n" in page and "— Angkatan II\n" in page


def test_the_home_shows_attendance_plan_status_and_last_activity(
        client, sign_in_en, db, coach, cohort, guided_enrollment, make_session, attend,
        fixed_now):
    held = [make_session(cohort, starts_at=NOW - timedelta(days=day)) for day in (1, 2)]
    attend(guided_enrollment, held[0], "late")
    add_plan(guided_enrollment, status="revision_requested",
             updated_at=NOW - timedelta(days=3))
    sign_in_en(coach)
    page = client.get("/mentoring/").text
    assert "50% · 1 of 2 sessions" in page
    assert "Revision requested" in page
    assert "Nov 25, 2026" in page  # the session attended, at 08:00 WIB


def test_a_participant_without_a_plan_has_not_started(client, sign_in_en, coach,
                                                      guided_enrollment):
    sign_in_en(coach)
    page = client.get("/mentoring/").text
    assert "Not started" in page and "None yet" in page and "No session held yet" in page


@pytest.mark.parametrize("who", ["participant", "organiser", "outsider"])
def test_others_may_not_open_the_mentoring_home(request, client, sign_in, who):
    sign_in(request.getfixturevalue(who))
    assert client.get("/mentoring/").status_code == 403


def test_a_coach_of_no_participant_sees_an_empty_state(client, sign_in_en, make_user,
                                                       participant):
    sign_in_en(make_user(roles=("coach",)))
    page = client.get("/mentoring/").text
    assert participant.name not in page
    assert "No participants are assigned to you yet." in page


@pytest.mark.parametrize("who", ["coach", "mentor"])
def test_the_home_costs_the_same_for_5_and_50_participants(
        request, client, sign_in, db, cohort, coach, mentor, make_session, make_cohort, program,
        count_queries, fixed_now, who):
    session = make_session(cohort, starts_at=NOW - timedelta(days=1))
    second_round = make_cohort(program, name="Angkatan II", status="open")
    sign_in(request.getfixturevalue(who))
    counts, seen = [], []
    for total, start in ((5, 0), (50, 5)):
        size = total - start
        add_mentees(cohort, size - size // 2, coach=coach, mentor=mentor, session=session,
                    start=start)
        add_mentees(second_round, size // 2, coach=coach, mentor=mentor,
                    start=start + size - size // 2)
        with count_queries() as statements:
            response = client.get("/mentoring/")
        assert response.status_code == 200
        assert response.text.count('href="/mentoring/participants/') == total
        counts.append(len(statements))
        seen.append(statements)
    # The user and their roles 2, the rows 1; progress, attendance, plans, reviews waiting,
    # last activity and milestones 6; the layout's unread notifications 1.
    assert counts[0] == counts[1] <= 10, seen

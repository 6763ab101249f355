"""Check-ins: the assigned coach and mentor log conversations, each private to its author or
shared with the participant; nobody else reads or writes them."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db as _db
from app.mentoring import checkins
from app.mentoring.models import CheckIn
from tests.mentoring.guidance import TODAY, add_milestone, add_plan, switch_user


def page(enrollment):
    return f"/mentoring/participants/{enrollment.id}"


def log(client, enrollment, notes="Discussed the stakeholder map.", shared=False, **fields):
    data = {"check_in-held_on": "2026-11-20", "check_in-notes": notes,
            "check_in-next_steps": "Meet the Diskominfo head.", **fields}
    if shared:
        data["check_in-shared"] = "y"
    return client.post(f"{page(enrollment)}/check-ins", data=data)


def check_ins(enrollment):
    return _db.session.scalars(
        select(CheckIn).where(CheckIn.enrollment_id == enrollment.id).order_by(CheckIn.id)).all()


@pytest.fixture
def write(db, guided_enrollment):
    """A check-in written through the service, as `author`."""
    def add(author, notes, shared=False):
        return checkins.log_check_in(author, guided_enrollment, date(2026, 11, 20), notes,
                                     "", shared)

    return add


# --- who may open the participant's page ------------------------------------------------------

@pytest.mark.parametrize("who, status", [
    ("coach", 200), ("mentor", 200), ("other_coach", 404), ("outsider", 404),
    ("participant", 404), ("organiser", 404)])
def test_only_the_assigned_coach_and_mentor_open_the_participants_page(
        request, client, sign_in, guided_enrollment, who, status):
    sign_in(request.getfixturevalue(who))
    assert client.get(page(guided_enrollment)).status_code == status


def test_the_page_is_404_for_an_unknown_participant(client, sign_in, coach):
    sign_in(coach)
    assert client.get("/mentoring/participants/999999").status_code == 404


def test_the_page_asks_for_sign_in(client, guided_enrollment):
    response = client.get(page(guided_enrollment))
    assert response.status_code == 302 and "/sign-in" in response.location


# --- logging ---------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["coach", "mentor"])
def test_the_coach_or_mentor_logs_a_check_in(request, client, sign_in_en, db,
                                             guided_enrollment, who):
    author = request.getfixturevalue(who)
    sign_in_en(author)
    response = log(client, guided_enrollment)
    assert response.status_code == 302
    assert response.location.endswith(f"{page(guided_enrollment)}#check-ins")
    [check_in] = check_ins(guided_enrollment)
    assert (check_in.author_id, check_in.held_on, check_in.notes, check_in.next_steps,
            check_in.shared) == (author.id, date(2026, 11, 20), "Discussed the stakeholder map.",
                                 "Meet the Diskominfo head.", False)
    event = db.session.scalar(select(AuditEvent).filter_by(action="checkin.logged"))
    assert event.actor_id == author.id and event.details["name"] == "Dewi Participant"
    assert "only you can read it" in client.get(page(guided_enrollment)).text


@pytest.mark.parametrize("who", ["other_coach", "outsider", "participant"])
def test_nobody_else_logs_a_check_in(request, client, sign_in, guided_enrollment, who):
    sign_in(request.getfixturevalue(who))
    assert log(client, guided_enrollment).status_code == 404
    assert check_ins(guided_enrollment) == []


def test_a_check_in_needs_notes_and_a_date(client, sign_in_en, coach, guided_enrollment):
    sign_in_en(coach)
    response = log(client, guided_enrollment, notes="  ", **{"check_in-held_on": ""})
    assert response.status_code == 200
    assert response.text.count("This field is required.") == 2
    assert check_ins(guided_enrollment) == []


def test_a_check_in_needs_the_csrf_token(client, sign_in, coach, guided_enrollment):
    sign_in(coach)
    response = client.post(f"{page(guided_enrollment)}/check-ins", csrf=False,
                           data={"check_in-held_on": "2026-11-20", "check_in-notes": "x"})
    assert response.status_code == 400
    assert check_ins(guided_enrollment) == []


def test_the_service_refuses_anyone_but_the_assigned_guides(db, request_context,
                                                            guided_enrollment, other_coach):
    with pytest.raises(checkins.NotYourParticipant):
        checkins.log_check_in(other_coach, guided_enrollment, TODAY, "Notes", "", False)


# --- who reads what --------------------------------------------------------------------------

NOTES = ("Coach private note", "Coach shared note", "Mentor private note", "Mentor shared note")


def notes_in(html):
    return {note for note in NOTES if note in html}


def test_private_entries_are_read_by_their_author_only_and_shared_ones_by_all(
        client, sign_in, coach, mentor, participant, cohort, guided_enrollment, write):
    write(coach, "Coach private note")
    write(coach, "Coach shared note", shared=True)
    write(mentor, "Mentor private note")
    write(mentor, "Mentor shared note", shared=True)
    seen = {}
    for guide in (coach, mentor):
        switch_user(client, sign_in, guide)
        seen[guide.name] = notes_in(client.get(page(guided_enrollment)).text)
    switch_user(client, sign_in, participant)
    seen[participant.name] = notes_in(client.get(f"/journey/{cohort.id}/check-ins").text)
    assert seen == {
        coach.name: {"Coach private note", "Coach shared note", "Mentor shared note"},
        mentor.name: {"Coach shared note", "Mentor private note", "Mentor shared note"},
        participant.name: {"Coach shared note", "Mentor shared note"},
    }


def test_the_participant_sees_who_guides_them_and_their_milestones(
        client, sign_in_en, coach, mentor, participant, cohort, guided_enrollment, write):
    write(coach, "Coach shared note", shared=True)
    add_milestone(add_plan(guided_enrollment, status="approved"),
                  TODAY - timedelta(days=400), title="Publish the open data portal")
    sign_in_en(participant)
    html = client.get(f"/journey/{cohort.id}/check-ins").text
    assert coach.name in html and mentor.name in html
    assert "Publish the open data portal" in html and "Planned" in html
    assert "Agreed next steps" not in html  # the shared note has none


def test_the_journey_links_to_the_conversations(client, sign_in_en, participant, cohort):
    sign_in_en(participant)
    assert f'href="/journey/{cohort.id}/check-ins"' in client.get(f"/journey/{cohort.id}").text


@pytest.mark.parametrize("who", ["outsider", "coach"])
def test_the_conversations_page_is_the_participants_own(request, client, sign_in, cohort,
                                                        guided_enrollment, who):
    sign_in(request.getfixturevalue(who))
    assert client.get(f"/journey/{cohort.id}/check-ins").status_code == 404


def test_the_mentor_sees_the_milestones_with_the_overdue_ones_marked(
        client, sign_in_en, mentor, guided_enrollment):
    add_milestone(add_plan(guided_enrollment), TODAY - timedelta(days=400),
                  title="Train the village officers")
    sign_in_en(mentor)
    html = client.get(page(guided_enrollment)).text
    assert "Train the village officers" in html and "Overdue" in html


# --- editing and deleting ------------------------------------------------------------------

def test_the_author_edits_and_shares_their_check_in(client, sign_in, coach, cohort,
                                                    participant, guided_enrollment, write):
    check_in = write(coach, "First draft")
    sign_in(coach)
    assert "First draft" in client.get(f"/mentoring/check-ins/{check_in.id}/edit").text
    response = client.post(f"/mentoring/check-ins/{check_in.id}/edit", data={
        "held_on": "2026-11-21", "notes": "Second thoughts", "next_steps": "", "shared": "y"})
    assert response.status_code == 302
    _db.session.refresh(check_in)
    assert (check_in.held_on, check_in.notes, check_in.shared) == (
        date(2026, 11, 21), "Second thoughts", True)
    switch_user(client, sign_in, participant)
    assert "Second thoughts" in client.get(f"/journey/{cohort.id}/check-ins").text


def test_the_author_deletes_their_check_in(client, sign_in, coach, guided_enrollment, write):
    check_in = write(coach, "Mistaken entry")
    sign_in(coach)
    response = client.post(f"/mentoring/check-ins/{check_in.id}/delete", data={})
    assert response.status_code == 302
    assert check_ins(guided_enrollment) == []


@pytest.mark.parametrize("who", ["mentor", "other_coach", "outsider", "participant"])
@pytest.mark.parametrize("shared", [False, True])
def test_nobody_else_edits_or_deletes_a_check_in(request, client, sign_in, coach,
                                                 guided_enrollment, write, who, shared):
    check_in = write(coach, "Coach's words", shared=shared)
    sign_in(request.getfixturevalue(who))
    url = f"/mentoring/check-ins/{check_in.id}"
    assert client.get(f"{url}/edit").status_code == 404
    assert client.post(f"{url}/edit", data={"held_on": "2026-11-21",
                                            "notes": "Changed"}).status_code == 404
    assert client.post(f"{url}/delete", data={}).status_code == 404
    [kept] = check_ins(guided_enrollment)
    assert kept.notes == "Coach's words"


def test_an_author_no_longer_assigned_may_not_change_their_entries(
        client, sign_in, db, coach, other_coach, guided_enrollment, write):
    check_in = write(coach, "Before the handover")
    guided_enrollment.coach_id = other_coach.id
    db.session.flush()
    sign_in(coach)
    assert client.post(f"/mentoring/check-ins/{check_in.id}/delete", data={}).status_code == 404


def test_the_service_refuses_changes_by_anyone_but_the_author(db, request_context, mentor,
                                                              coach, write):
    check_in = write(coach, "Coach's words")
    with pytest.raises(checkins.NotYourCheckIn):
        checkins.update_check_in(mentor, check_in, TODAY, "Changed", "", True)
    with pytest.raises(checkins.NotYourCheckIn):
        checkins.delete_check_in(mentor, check_in)


def test_the_participants_page_costs_the_same_with_more_check_ins(
        client, sign_in, coach, mentor, guided_enrollment, write, count_queries):
    sign_in(coach)
    counts = []
    for more in (1, 20):
        for n in range(more):
            write(mentor if n % 2 else coach, f"Note {n}", shared=True)
        with count_queries() as statements:
            assert client.get(page(guided_enrollment)).status_code == 200
        counts.append(len(statements))
    # The user 2, the enrollment and its participant 2, the row's facts 7, courses, sessions,
    # submissions, milestones, check-ins and follow-ups 6, unread notifications 1.
    assert counts[0] == counts[1] <= 18, counts

"""After the round: the coach records what the participant implemented some months later, one
follow-up per number of months; milestones stay on the participant's page."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db as _db
from app.mentoring import checkins
from app.mentoring.models import FollowUp
from tests.mentoring.guidance import NOW, TODAY, add_milestone, add_plan

# The cast's round ends on 11 December 2026.
AFTER_THREE_MONTHS = date(2027, 3, 11)


def record(client, enrollment, months="3", recorded_on="2027-03-11", implementation="partly",
           notes="The SPBE team is formed; the data portal is not live yet."):
    return client.post(f"/mentoring/participants/{enrollment.id}/follow-ups", data={
        "follow_up-months_after": months, "follow_up-recorded_on": recorded_on,
        "follow_up-implementation": implementation, "follow_up-notes": notes})


def follow_ups(enrollment):
    return _db.session.scalars(select(FollowUp).where(FollowUp.enrollment_id == enrollment.id)
                               .order_by(FollowUp.months_after)).all()


def test_the_coach_records_a_follow_up(client, sign_in_en, db, coach, guided_enrollment):
    sign_in_en(coach)
    response = record(client, guided_enrollment)
    assert response.status_code == 302
    assert response.location.endswith(f"/mentoring/participants/{guided_enrollment.id}"
                                      "#follow-ups")
    [follow_up] = follow_ups(guided_enrollment)
    assert (follow_up.months_after, follow_up.recorded_on, follow_up.implementation,
            follow_up.author_id) == (3, AFTER_THREE_MONTHS, "partly", coach.id)
    event = db.session.scalar(select(AuditEvent).filter_by(action="followup.recorded"))
    assert event.details == {"name": "Dewi Participant", "months": 3,
                             "implementation": "partly"}
    page = client.get(f"/mentoring/participants/{guided_enrollment.id}").text
    assert "Partly implemented" in page and "3 months" in page


def test_the_same_months_again_replaces_that_follow_up(client, sign_in, coach,
                                                       guided_enrollment):
    sign_in(coach)
    record(client, guided_enrollment)
    record(client, guided_enrollment, recorded_on="2027-03-15", implementation="fully",
           notes="The portal went live.")
    [follow_up] = follow_ups(guided_enrollment)
    assert (follow_up.recorded_on, follow_up.implementation, follow_up.notes) == (
        date(2027, 3, 15), "fully", "The portal went live.")


def test_follow_ups_at_3_and_6_months_are_kept_side_by_side(client, sign_in_en, coach,
                                                            guided_enrollment):
    sign_in_en(coach)
    record(client, guided_enrollment, months="6", recorded_on="2027-06-11",
           implementation="fully")
    record(client, guided_enrollment)
    assert [(f.months_after, f.implementation) for f in follow_ups(guided_enrollment)] == [
        (3, "partly"), (6, "fully")]
    page = client.get(f"/mentoring/participants/{guided_enrollment.id}").text
    table = page[page.index('id="follow-ups"'):]
    assert table.index("3 months") < table.index("6 months")


@pytest.mark.parametrize("recorded_on", ["2026-12-10", "2026-12-11"])
def test_a_follow_up_comes_after_the_rounds_last_day(client, sign_in_en, coach,
                                                     guided_enrollment, recorded_on):
    sign_in_en(coach)
    response = record(client, guided_enrollment, recorded_on=recorded_on)
    assert response.status_code == 200
    assert "A follow-up is recorded after the round, whose last day is Dec 11, 2026." \
        in response.text
    assert follow_ups(guided_enrollment) == []


@pytest.mark.parametrize("months", ["0", "61", "three"])
def test_the_months_are_a_whole_number_from_1_to_60(client, sign_in, coach, guided_enrollment,
                                                    months):
    sign_in(coach)
    assert record(client, guided_enrollment, months=months).status_code == 200
    assert follow_ups(guided_enrollment) == []


def test_the_mentor_reads_follow_ups_but_does_not_record_them(client, sign_in_en, db, coach,
                                                              mentor, guided_enrollment):
    checkins.record_follow_up(coach, guided_enrollment, 3, AFTER_THREE_MONTHS, "fully", "")
    sign_in_en(mentor)
    page = client.get(f"/mentoring/participants/{guided_enrollment.id}").text
    assert "Fully implemented" in page
    assert "Record a follow-up" not in page
    assert record(client, guided_enrollment, months="6").status_code == 403
    assert len(follow_ups(guided_enrollment)) == 1


def test_the_coach_sees_the_follow_up_form(client, sign_in_en, coach, guided_enrollment):
    sign_in_en(coach)
    page = client.get(f"/mentoring/participants/{guided_enrollment.id}").text
    assert "Record a follow-up" in page


@pytest.mark.parametrize("who", ["other_coach", "outsider", "participant", "organiser"])
def test_nobody_else_records_a_follow_up(request, client, sign_in, guided_enrollment, who):
    sign_in(request.getfixturevalue(who))
    assert record(client, guided_enrollment).status_code == 404
    assert follow_ups(guided_enrollment) == []


def test_the_service_lets_only_the_coach_record(db, request_context, mentor, other_coach,
                                                guided_enrollment):
    with pytest.raises(checkins.CoachOnly):
        checkins.record_follow_up(mentor, guided_enrollment, 3, AFTER_THREE_MONTHS, "fully", "")
    with pytest.raises(checkins.NotYourParticipant):
        checkins.record_follow_up(other_coach, guided_enrollment, 3, AFTER_THREE_MONTHS,
                                  "fully", "")


def test_milestones_continue_after_the_round_on_the_participants_page(
        client, sign_in_en, db, set_clock, cohort, coach, guided_enrollment):
    set_clock(NOW)
    plan = add_plan(guided_enrollment, status="endorsed")
    add_milestone(plan, TODAY - timedelta(days=1), title="Draft the regent's regulation",
                  position=1)
    add_milestone(plan, TODAY - timedelta(days=5), status="done", title="Form the SPBE team",
                  position=2)
    cohort.status = "completed"
    db.session.flush()
    sign_in_en(coach)
    page = client.get(f"/mentoring/participants/{guided_enrollment.id}").text
    assert "Draft the regent&#39;s regulation" in page and "Form the SPBE team" in page
    assert page.count(">Overdue<") == 1
    assert "Endorsed" in page
    assert f'href="/mentoring/submissions/{plan.id}"' in page

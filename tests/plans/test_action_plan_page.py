"""The participant's action plan page: write it with milestones, save drafts, submit it, read
the reviews, and follow the milestones up once it is approved."""
from sqlalchemy import select

from app.extensions import db as _db
from app.mentoring.models import Milestone, Submission
from tests.plans.conftest import PLAN_FORM


def url(cohort):
    return f"/journey/{cohort.id}/action-plan"


def the_plan(enrollment):
    return _db.session.scalar(select(Submission).filter_by(enrollment_id=enrollment.id,
                                                           kind="action_plan"))


def test_a_new_plan_shows_an_empty_form_with_blank_milestone_rows(
        client, sign_in_en, participant, cohort, guided_enrollment):
    sign_in_en(participant)
    page = client.get(url(cohort)).text
    assert "My action plan" in page and "Draft" in page
    assert 'name="milestones-2-title"' in page and 'name="milestones-3-title"' not in page
    assert 'for="milestones-0-title"' in page  # each row's fields are labelled
    assert the_plan(guided_enrollment) is None  # looking writes nothing


def test_saving_a_draft_keeps_it_without_review(
        client, sign_in_en, participant, cohort, guided_enrollment, coach):
    sign_in_en(participant)
    response = client.post(url(cohort), data={**PLAN_FORM, "problem": "Half a thought",
                                              "goals": "", "save": "y"})
    assert response.status_code == 302
    plan = the_plan(guided_enrollment)
    assert (plan.status, plan.content["problem"], plan.content["goals"]) == (
        "draft", "Half a thought", "")
    assert [m["title"] for m in plan.content["milestones"]] == ["Map the permit process"]
    page = client.get(url(cohort)).text
    assert "Your draft is saved." in page and "Half a thought" in page
    assert 'name="milestones-3-title"' in page  # one saved row and three blank ones


def test_submitting_needs_every_part_and_a_milestone(
        client, sign_in_en, participant, cohort, guided_enrollment):
    sign_in_en(participant)
    response = client.post(url(cohort), data={
        "problem": "Slow permits", "milestones-0-title": "", "milestones-0-due_on": "",
        "milestones-0-status": "planned", "submit": "y"})
    assert response.status_code == 400
    assert response.text.count("Fill this in before you submit.") == 3
    assert "Add at least one milestone before you submit." in response.text
    assert "Slow permits" in response.text  # nothing typed is lost
    assert the_plan(guided_enrollment) is None


def test_a_milestone_needs_a_title_and_a_due_date(client, sign_in_en, participant, cohort):
    sign_in_en(participant)
    response = client.post(url(cohort), data={
        **PLAN_FORM, "milestones-1-title": "Pilot", "milestones-1-due_on": "",
        "milestones-2-title": "", "milestones-2-due_on": "2027-01-01",
        "milestones-2-status": "planned", "save": "y"})
    assert response.status_code == 400
    assert "Give the milestone a due date." in response.text
    assert "Name the milestone, or clear its due date." in response.text


def test_submitting_sends_the_plan_for_review(
        client, sign_in_en, participant, cohort, guided_enrollment):
    sign_in_en(participant)
    response = client.post(url(cohort), data={**PLAN_FORM, "submit": "y"})
    assert response.status_code == 302
    assert the_plan(guided_enrollment).status == "submitted"
    page = client.get(url(cohort)).text
    assert "Your action plan is submitted for review." in page
    assert "Version 1" in page
    assert 'name="problem"' not in page  # no editing while under review


def test_editing_a_submitted_plan_is_refused_with_a_message(
        client, sign_in_en, participant, cohort, plan_in):
    plan = plan_in("submitted")
    sign_in_en(participant)
    response = client.post(url(cohort), data={**PLAN_FORM, "problem": "Changed", "save": "y"})
    assert response.status_code == 302
    assert "it can no longer be edited" in client.get(response.location).text
    assert _db.session.get(Submission, plan.id).content["problem"] != "Changed"


def test_the_participant_reads_the_coachs_revision_request(
        request_context, client, sign_in_en, participant, cohort, plan_in):
    plan_in("revision_requested")
    sign_in_en(participant)
    page = client.get(url(cohort)).text
    assert "Your coach asks for a revision" in page
    assert "Fine work." in page and "Hendra Coach" in page
    assert 'name="problem"' in page  # editable again


def test_milestone_progress_is_recorded_after_approval(
        request_context, client, sign_in_en, participant, cohort, plan_in):
    plan = plan_in("approved")
    milestone = _db.session.scalar(select(Milestone).filter_by(submission_id=plan.id))
    sign_in_en(participant)
    page = client.get(url(cohort)).text
    assert "Milestone progress" in page
    response = client.post(url(cohort) + "/milestones", data={
        "milestones-0-milestone_id": str(milestone.id), "milestones-0-status": "done",
        "milestones-0-completed_on": "2026-11-30"})
    assert response.status_code == 302
    _db.session.refresh(milestone)
    assert (milestone.status, milestone.completed_on.isoformat()) == ("done", "2026-11-30")
    assert _db.session.get(Submission, plan.id).status == "approved"


def test_milestone_progress_before_approval_is_refused(
        request_context, client, sign_in_en, participant, cohort, plan_in):
    plan = plan_in("submitted")
    milestone = _db.session.scalar(select(Milestone).filter_by(submission_id=plan.id))
    sign_in_en(participant)
    response = client.post(url(cohort) + "/milestones", data={
        "milestones-0-milestone_id": str(milestone.id), "milestones-0-status": "done"})
    assert "once the plan is approved" in client.get(response.location).text
    _db.session.refresh(milestone)
    assert milestone.status == "planned"


def test_the_journey_links_to_the_action_plan(client, sign_in_en, participant, cohort):
    sign_in_en(participant)
    assert f'href="/journey/{cohort.id}/action-plan"' in client.get(
        f"/journey/{cohort.id}").text

"""The review workflow's rules, called as services: each transition, who may take it, which
transitions are illegal, and what each one tells whom and logs."""
import pytest
from sqlalchemy import select

from app import clock
from app.audit.models import AuditEvent
from app.audit.services import describe_event
from app.extensions import db as _db
from app.mentoring import workflow
from app.mentoring.models import Milestone, Review, SubmissionVersion
from app.mentoring.plans import plan_content
from app.notifications.models import Notification
from app.notifications.services import describe
from app.progress.queries import evaluate_cohort
from tests.plans.conftest import PLAN

pytestmark = pytest.mark.usefixtures("request_context")

ACTORS = ("participant", "coach", "mentor", "other_coach", "outsider", "organiser")


def notifications():
    return [(n.user_id, n.kind) for n in _db.session.scalars(
        select(Notification).order_by(Notification.id))]


def reviews(plan):
    return _db.session.scalars(select(Review).filter_by(submission_id=plan.id)
                               .order_by(Review.id)).all()


def versions(plan):
    return _db.session.scalars(select(SubmissionVersion).filter_by(submission_id=plan.id)
                               .order_by(SubmissionVersion.number)).all()


# --- who may do what ----------------------------------------------------------------------

def save(actor, plan):
    return workflow.save_draft(actor, plan, {**PLAN, "problem": "Changed."})


def submit(actor, plan):
    return workflow.submit(actor, plan)


def reviewing(action):
    return lambda actor, plan: workflow.review(actor, plan, action, "Name the permit types.")


SERVICES = {
    "save_draft": ("draft", save, {"participant"}),
    "submit": ("draft", submit, {"participant"}),
    "request_revision": ("submitted", reviewing("request_revision"), {"coach"}),
    "approve": ("submitted", reviewing("approve"), {"coach"}),
    "endorse": ("approved", reviewing("endorse"), {"mentor"}),
    "comment": ("submitted", reviewing("comment"), {"coach", "mentor"}),
}


@pytest.mark.parametrize("action, actor", [(a, b) for a in SERVICES for b in ACTORS])
def test_only_the_named_role_may_take_each_action(request, plan_in, action, actor):
    before, take, allowed = SERVICES[action]
    plan = plan_in(before)
    user = request.getfixturevalue(actor)
    if actor in allowed:
        take(user, plan)
    else:
        with pytest.raises(workflow.NotAllowed):
            take(user, plan)


def test_a_coach_may_not_approve_after_being_replaced(db, plan_in, coach, other_coach,
                                                      guided_enrollment):
    plan = plan_in("submitted")
    guided_enrollment.coach_id = other_coach.id
    with pytest.raises(workflow.NotAllowed, match="assigned coach"):
        workflow.review(coach, plan, "approve")
    workflow.review(other_coach, plan, "approve")
    assert plan.status == "approved"


# --- each transition -----------------------------------------------------------------------

def test_submitting_a_draft_freezes_version_1_and_tells_the_coach(
        db, plan_in, participant, coach):
    plan = plan_in("draft")
    version = workflow.submit(participant, plan)
    assert (plan.status, version.number, version.content) == ("submitted", 1, PLAN)
    assert plan.submitted_at is not None
    assert notifications() == [(coach.id, "submission_received")]
    note = _db.session.scalars(select(Notification)).one()
    assert note.link == f"/mentoring/submissions/{plan.id}"
    assert describe(note) == "Dewi Participant submitted their action plan."


def test_a_revision_request_needs_comments_and_tells_the_participant(
        db, plan_in, participant, coach):
    plan = plan_in("submitted")
    with pytest.raises(workflow.Incomplete, match="comments"):
        workflow.review(coach, plan, "request_revision", "  ")
    workflow.review(coach, plan, "request_revision", "Add the permit types.")
    assert plan.status == "revision_requested"
    [review] = reviews(plan)
    assert (review.decision, review.comments, review.reviewer_id) == (
        "revision_requested", "Add the permit types.", coach.id)
    assert review.version_id == versions(plan)[0].id
    assert notifications()[-1] == (participant.id, "revision_requested")
    note = _db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
    assert note.link == f"/journey/{plan.enrollment.cohort_id}/action-plan"
    assert describe(note) == "Hendra Coach asks you to revise your action plan."


def test_after_a_revision_request_the_participant_edits_and_submits_version_2(
        db, plan_in, participant):
    plan = plan_in("revision_requested")
    workflow.save_draft(participant, plan, {**PLAN, "problem": "Permits take 40 days."})
    version = workflow.submit(participant, plan)
    assert (plan.status, version.number) == ("submitted", 2)
    assert [v.content["problem"] for v in versions(plan)] == [
        "Business permits take 30 days.", "Permits take 40 days."]


def test_approval_tells_the_participant_and_asks_the_mentor_to_endorse(
        db, plan_in, participant, coach, mentor):
    plan = plan_in("submitted")
    workflow.review(coach, plan, "approve")
    assert plan.status == "approved"
    assert notifications()[-2:] == [(participant.id, "plan_approved"),
                                    (mentor.id, "plan_awaiting_endorsement")]
    note = _db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
    assert note.link == f"/mentoring/submissions/{plan.id}"
    assert describe(note) == ("Hendra Coach approved the action plan of Dewi Participant; "
                              "it awaits your endorsement.")


def test_endorsement_by_the_mentor_tells_the_participant(db, plan_in, participant, mentor):
    plan = plan_in("approved")
    workflow.review(mentor, plan, "endorse", "")
    assert plan.status == "endorsed"
    assert reviews(plan)[-1].decision == "endorsed"
    assert notifications()[-1] == (participant.id, "plan_endorsed")


@pytest.mark.parametrize("status", ["submitted", "revision_requested", "approved", "endorsed"])
@pytest.mark.parametrize("who", ["coach", "mentor"])
def test_a_comment_keeps_the_status_and_reaches_the_participant(
        request, db, plan_in, participant, status, who):
    plan = plan_in(status)
    workflow.review(request.getfixturevalue(who), plan, "comment", "Good start.")
    assert plan.status == status
    assert reviews(plan)[-1].decision == "comment"
    assert notifications()[-1] == (participant.id, "feedback_received")


def test_nobody_else_is_told_when_no_mentor_is_assigned(db, plan_in, coach, guided_enrollment):
    guided_enrollment.mentor_id = None
    plan = plan_in("submitted")
    workflow.review(coach, plan, "approve")
    assert [kind for _user, kind in notifications()] == ["submission_received", "plan_approved"]


# --- illegal transitions -------------------------------------------------------------------

@pytest.mark.parametrize("status, who, action", [
    ("submitted", "mentor", "endorse"),            # endorse before approval
    ("draft", "coach", "approve"),                 # approve a draft
    ("draft", "coach", "request_revision"),
    ("draft", "coach", "comment"),
    ("revision_requested", "coach", "approve"),    # approve what is being revised
    ("approved", "coach", "approve"),
    ("approved", "coach", "request_revision"),
    ("endorsed", "mentor", "endorse"),
])
def test_reviews_out_of_turn_are_refused(request, db, plan_in, status, who, action):
    plan = plan_in(status)
    count = len(reviews(plan))
    with pytest.raises(workflow.NotNow, match="not possible while"):
        workflow.review(request.getfixturevalue(who), plan, action, "Some comments.")
    assert plan.status == status and len(reviews(plan)) == count


@pytest.mark.parametrize("status", ["submitted", "approved", "endorsed"])
def test_submitting_or_editing_is_refused_once_submitted(db, plan_in, participant, status):
    plan = plan_in(status)
    with pytest.raises(workflow.NotNow):
        workflow.submit(participant, plan)
    with pytest.raises(workflow.NotNow, match="can no longer be edited"):
        workflow.save_draft(participant, plan, {**PLAN, "problem": "Sneaky change."})
    assert len(versions(plan)) == 1 and plan.content == PLAN


def test_an_incomplete_plan_cannot_be_submitted(db, plan_in, participant):
    plan = plan_in("draft", content=plan_content({"problem": "Slow permits."}, []))
    with pytest.raises(workflow.Incomplete, match="Goals, Stakeholders, Expected outcome, "
                                                  "at least one milestone"):
        workflow.submit(participant, plan)
    assert plan.status == "draft" and versions(plan) == []


def test_an_unknown_review_action_is_refused(db, plan_in, coach):
    with pytest.raises(workflow.NotAllowed):
        workflow.review(coach, plan_in("submitted"), "delete")


def test_an_archived_round_takes_no_more_changes(db, plan_in, coach, cohort):
    plan = plan_in("submitted")
    cohort.status = "archived"
    with pytest.raises(workflow.RoundClosed):
        workflow.review(coach, plan, "approve")


# --- milestones ----------------------------------------------------------------------------

def milestones(plan):
    return _db.session.scalars(select(Milestone).filter_by(submission_id=plan.id)
                               .order_by(Milestone.position)).all()


def test_submitting_writes_the_plans_milestones(db, plan_in):
    plan = plan_in("submitted")
    [milestone] = milestones(plan)
    assert (milestone.title, milestone.due_on.isoformat(), milestone.status) == (
        "Map the permit process", "2026-12-01", "planned")


def test_a_resubmission_keeps_milestones_by_position(db, plan_in, participant):
    plan = plan_in("revision_requested")
    first = milestones(plan)[0].id
    two = [{"title": "Map the process", "due_on": "2026-12-02", "status": "planned"},
           {"title": "Pilot in Sumedang", "due_on": "2027-02-01", "status": "planned"}]
    workflow.submit(participant, plan, {**PLAN, "milestones": two})
    assert [(m.id == first, m.title) for m in milestones(plan)] == [
        (True, "Map the process"), (False, "Pilot in Sumedang")]


@pytest.mark.parametrize("status", ["approved", "endorsed"])
def test_after_approval_only_milestone_progress_changes(db, plan_in, participant, status):
    plan = plan_in(status)
    [milestone] = milestones(plan)
    workflow.update_milestones(participant, plan, {milestone.id: ("done", None)})
    assert milestone.status == "done" and milestone.completed_on is not None
    assert plan.status == status and len(versions(plan)) == 1
    workflow.update_milestones(participant, plan, {milestone.id: ("in_progress", None)})
    assert milestone.completed_on is None


@pytest.mark.parametrize("status", ["draft", "submitted", "revision_requested"])
def test_milestone_progress_waits_for_approval(db, plan_in, participant, status):
    plan = plan_in(status)
    with pytest.raises(workflow.NotNow, match="once the plan is approved"):
        workflow.update_milestones(participant, plan, {})


def test_only_the_participant_records_milestone_progress(db, plan_in, coach):
    plan = plan_in("approved")
    with pytest.raises(workflow.NotAllowed):
        workflow.update_milestones(coach, plan, {milestones(plan)[0].id: ("done", None)})


def test_another_plans_milestone_is_refused(db, plan_in, participant):
    plan = plan_in("approved")
    with pytest.raises(workflow.NotAllowed):
        workflow.update_milestones(participant, plan, {999999: ("done", None)})


# --- the audit log and completion ----------------------------------------------------------

def test_submissions_and_reviews_are_in_the_audit_log(db, plan_in, cohort):
    plan_in("approved")
    events = _db.session.scalars(select(AuditEvent).where(AuditEvent.cohort_id == cohort.id,
                                 AuditEvent.action.like("submission.%"))
                                 .order_by(AuditEvent.id)).all()
    assert [describe_event(e) for e in events] == [
        "Dewi Participant submitted version 1 of the action plan",
        "Reviewed version 1 of the action plan of Dewi Participant: Approved"]


def test_the_action_plan_rule_is_met_once_the_coach_approves(
        db, plan_in, coach, mentor, program, cohort, guided_enrollment):
    program.requires_action_plan = True
    plan = plan_in("submitted")

    def met():
        evaluation = evaluate_cohort(cohort, [guided_enrollment.id], clock.now())
        return {r.key: r.met for r in evaluation[guided_enrollment.id].requirements}[
            "action_plan"]

    assert not met()
    workflow.review(coach, plan, "approve")
    assert met()
    workflow.review(mentor, plan, "endorse")
    assert met()

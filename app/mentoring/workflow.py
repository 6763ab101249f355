"""The review workflow of action plans and assignments: draft → submitted → revision requested
→ approved by the assigned coach → endorsed by the assigned mentor (action plans only).

Each step is a Transition in one registry; the services check who acts and when, flush but
never commit, keep every submission as a numbered version, write the reviews, tell the other
side and write the audit log."""
import copy
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import clock
from app.errors import DomainError
from app.events import progress_recorded
from app.extensions import db
from app.learning.services import record_completion
from app.mentoring import plan_queries
from app.mentoring.access import guide_role
from app.mentoring.models import SUBMISSION_KINDS, Milestone, Review, Submission, SubmissionVersion
from app.mentoring.notices import audit_step, tell_guide, tell_participant
from app.mentoring.plans import DECISION_LABELS, STATUS_LABELS, missing_parts
from app.rounds.models import RoundRole
from app.rounds.statuses import COHORT_STATUSES


class WorkflowError(DomainError):
    """The workflow refuses an action; the message says why."""


class NotAllowed(WorkflowError):
    """The actor may not take this action on this submission (views answer 403)."""


class NotNow(WorkflowError):
    """The submission's status does not allow the action (views say so and go back)."""


class Incomplete(WorkflowError):
    """Something the action needs is missing: a part of the work, or the reviewer's comments."""


class RoundClosed(WorkflowError):
    """The round no longer takes this change."""


# The participant edits the working copy only before it is submitted or after a revision
# request; once approved, only milestone progress changes.
EDITABLE_STATUSES = ("draft", "revision_requested")
FOLLOW_UP_STATUSES = ("approved", "endorsed")


@dataclass(frozen=True)
class Transition:
    from_statuses: tuple[str, ...]
    to_status: str | None           # None: the status stays (a comment)
    actor_roles: tuple[RoundRole, ...]    # PARTICIPANT, COACH or MENTOR
    label: str
    refusal: str                    # why someone else may not take it
    decision: str | None = None     # the Review it writes; None for the participant's submit
    notice: str | None = None       # the notification the participant gets
    needs_comments: bool = False
    kinds: tuple[str, ...] = SUBMISSION_KINDS


TRANSITIONS = {
    "submit": Transition(
        ("draft", "revision_requested"), "submitted", ("participant",), _l("Submit for review"),
        _l("Only the participant can submit their own work.")),
    "request_revision": Transition(
        ("submitted",), "revision_requested", ("coach",), _l("Request a revision"),
        _l("Only the participant's assigned coach can request a revision."),
        decision="revision_requested", notice="revision_requested", needs_comments=True),
    "approve": Transition(
        ("submitted",), "approved", ("coach",), _l("Approve"),
        _l("Only the participant's assigned coach can approve."),
        decision="approved", notice="plan_approved"),
    "endorse": Transition(
        ("approved",), "endorsed", (RoundRole.MENTOR,), _l("Endorse"),
        _l("Only the participant's assigned mentor can endorse an action plan."),
        decision="endorsed", notice="plan_endorsed", kinds=("action_plan",)),
    "comment": Transition(
        ("submitted", "revision_requested", "approved", "endorsed"), None,
        (RoundRole.COACH, RoundRole.MENTOR),
        _l("Comment only"), _l("Only the participant's assigned coach or mentor can comment."),
        decision="comment", notice="feedback_received", needs_comments=True),
}
REVIEW_ACTIONS = tuple(key for key, transition in TRANSITIONS.items() if transition.decision)


def actor_role(user, submission):
    """PARTICIPANT for the work's author, COACH or MENTOR for their assigned guides,
    else None."""
    enrollment = submission.enrollment
    if enrollment.user_id == user.id:
        return RoundRole.PARTICIPANT
    return guide_role(user, enrollment)


def _permits(transition, role, submission):
    return (role in transition.actor_roles and submission.kind in transition.kinds
            and submission.status in transition.from_statuses)


def review_actions(user, submission):
    """The review actions the user may take on the submission now, in the registry's order."""
    role = actor_role(user, submission)
    return [key for key in REVIEW_ACTIONS if _permits(TRANSITIONS[key], role, submission)]


def _check_round(enrollment, learning=False):
    status = COHORT_STATUSES[enrollment.cohort.status]
    if not status.editable:
        raise RoundClosed(_("The round is archived: nothing can change any more."))
    if learning and not status.learning:
        raise RoundClosed(_("The round is %(status)s: you can read, but not record progress.",
                            status=status.label))


def _check(actor, submission, action):
    transition = TRANSITIONS[action]
    if actor_role(actor, submission) not in transition.actor_roles \
            or submission.kind not in transition.kinds:
        raise NotAllowed(str(transition.refusal))
    _check_round(submission.enrollment)
    if submission.status not in transition.from_statuses:
        raise NotNow(_("“%(action)s” is not possible while the work is “%(status)s”.",
                       action=transition.label, status=STATUS_LABELS[submission.status]))
    return transition


def _check_author(actor, enrollment):
    if enrollment.user_id != actor.id:
        raise NotAllowed(_("Only the participant can edit their own work."))


# --- the participant's side -------------------------------------------------------------------

def _find_or_start(enrollment, kind, activity_id=None):
    """The enrollment's submission of this kind (for this activity), started as a draft when
    there is none yet; a parallel request starting the same one is absorbed."""
    def find():
        if kind == "action_plan":
            return plan_queries.action_plan(enrollment.id, for_update=True)
        return plan_queries.assignment_answer(enrollment.id, activity_id, for_update=True)

    submission = find()
    if submission is None:
        try:
            with db.session.begin_nested():
                submission = Submission(enrollment=enrollment, kind=kind,
                                        activity_id=activity_id, status="draft", content={})
                db.session.add(submission)
        except IntegrityError:
            submission = find()
    return submission


def save_draft(actor, submission, content):
    """Replace the working copy of the participant's own work while it may be edited."""
    _check_author(actor, submission.enrollment)
    _check_round(submission.enrollment, learning=submission.kind == "assignment")
    if submission.status not in EDITABLE_STATUSES:
        raise NotNow(_("The work is “%(status)s”: it can no longer be edited.",
                       status=STATUS_LABELS[submission.status]))
    submission.content = content
    submission.updated_at = clock.now()
    db.session.flush()
    return submission


def submit(actor, submission, content=None):
    """Submit the participant's work for review (saving `content` first when given): freeze it
    as the next version, tell the coach, and log it. Returns the new SubmissionVersion."""
    if content is not None:
        save_draft(actor, submission, content)
    _check(actor, submission, "submit")
    missing = missing_parts(submission.kind, submission.content)
    if missing:
        raise Incomplete(_("Before you submit, fill in: %(parts)s.",
                           parts=", ".join(str(part) for part in missing)))
    now = clock.now()
    version = SubmissionVersion(
        submission_id=submission.id, number=plan_queries.last_version_number(submission.id) + 1,
        content=copy.deepcopy(submission.content), submitted_at=now)
    db.session.add(version)
    submission.status, submission.submitted_at, submission.updated_at = "submitted", now, now
    if submission.kind == "action_plan":
        _sync_milestones(submission)
    db.session.flush()
    enrollment = submission.enrollment
    tell_guide(enrollment.coach_id, submission, "submission_received", participant=actor.name)
    audit_step(actor, "submission.submitted", submission, participant=actor.name,
               version=version.number)
    return version


def write_action_plan(actor, enrollment, content, submit_it=False):
    """Save the participant's action plan, starting it when needed, and submit it if asked."""
    _check_author(actor, enrollment)
    _check_round(enrollment)
    submission = _find_or_start(enrollment, "action_plan")
    if submit_it:
        submit(actor, submission, content)
    else:
        save_draft(actor, submission, content)
    return submission


def answer_assignment(actor, enrollment, step, content, submit_it=False):
    """Save the participant's answer to an assignment activity of their journey, and submit
    it if asked."""
    _check_author(actor, enrollment)
    _check_round(enrollment, learning=True)
    if step.activity.kind != "assignment":
        raise NotAllowed(_("This activity is not an assignment."))
    if step.locked:
        raise NotNow(_("Finish “%(title)s” first.", title=step.blocked_by.title))
    submission = _find_or_start(enrollment, "assignment", step.activity.id)
    if submit_it:
        submit(actor, submission, content)
    else:
        save_draft(actor, submission, content)
    return submission


def _local_today(enrollment):
    return clock.today(enrollment.cohort.timezone)


def _sync_milestones(submission):
    """Make the plan's Milestone rows, which are followed up after the round, those of the
    version just submitted; rows keep their identity by position."""
    existing = plan_queries.milestones(submission.id)
    items = submission.content.get("milestones", [])
    today = _local_today(submission.enrollment)
    for position, item in enumerate(items):
        if position < len(existing):
            milestone = existing[position]
        else:
            milestone = Milestone(submission_id=submission.id, position=position)
            db.session.add(milestone)
        milestone.title = item["title"]
        milestone.due_on = date.fromisoformat(item["due_on"])
        milestone.status = item["status"]
        milestone.completed_on = (milestone.completed_on or today) \
            if item["status"] == "done" else None
    for milestone in existing[len(items):]:
        db.session.delete(milestone)


def update_milestones(actor, submission, progress):
    """Record the progress of an approved plan's milestones: `progress` maps milestone ids to
    (status, completed_on); a milestone done without a date is done today."""
    _check_author(actor, submission.enrollment)
    _check_round(submission.enrollment)
    if submission.status not in FOLLOW_UP_STATUSES:
        raise NotNow(_("Milestone progress is recorded once the plan is approved; until then, "
                       "edit the plan itself."))
    milestones = {milestone.id: milestone for milestone in plan_queries.milestones(submission.id)}
    if not set(progress) <= set(milestones):
        raise NotAllowed(_("That milestone is not part of your plan."))
    today = _local_today(submission.enrollment)
    for milestone_id, (status, completed_on) in progress.items():
        milestone = milestones[milestone_id]
        milestone.status = status
        milestone.completed_on = (completed_on or milestone.completed_on or today) \
            if status == "done" else None
    db.session.flush()
    return list(milestones.values())


# --- the reviewer's side ----------------------------------------------------------------------

def review(actor, submission, action, comments=""):
    """Review the latest version as the participant's coach or mentor: comment, request a
    revision, approve (which completes an assignment activity) or endorse. Returns the Review."""
    if action not in REVIEW_ACTIONS:
        raise NotAllowed(_("There is no such review action."))
    transition = _check(actor, submission, action)
    comments = (comments or "").strip()
    if transition.needs_comments and not comments:
        raise Incomplete(_("Write your comments for the participant first."))
    version = plan_queries.latest_version(submission.id)
    given = Review(submission_id=submission.id, version_id=version.id, reviewer_id=actor.id,
                   decision=transition.decision, comments=comments)
    db.session.add(given)
    if transition.to_status is not None:
        submission.status = transition.to_status
        submission.updated_at = clock.now()
    db.session.flush()
    enrollment = submission.enrollment
    if action == "approve" and submission.kind == "assignment":
        activity, _course = plan_queries.activity_with_course(submission.activity_id)
        record_completion(enrollment, activity, recorded_by=actor)
    tell_participant(enrollment.user_id, transition.notice, submission, reviewer=actor.name)
    if action == "approve" and submission.kind == "action_plan":
        tell_guide(enrollment.mentor_id, submission, "plan_awaiting_endorsement",
                   participant=plan_queries.participant_of(enrollment).name,
                   reviewer=actor.name)
    audit_step(actor, "submission.reviewed", submission,
               participant=plan_queries.participant_of(enrollment).name, version=version.number,
               decision=DECISION_LABELS[transition.decision])
    if submission.kind == "action_plan" and transition.to_status is not None:
        progress_recorded.send(enrollment_ids=[enrollment.id])
    return given

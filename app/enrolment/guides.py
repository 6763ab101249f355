"""Who guides each participant of a round: their coach and their mentor, chosen one by one,
shared among the coaches automatically, or named in the roster, and the examiner who scores
their seminar; and what the organiser's page shows of it, read in a fixed number of
queries."""
import heapq
from dataclasses import dataclass
from typing import Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, union_all

from app.audit.services import record_event
from app.auth.models import User
from app.auth.services import find_user_by_email
from app.enrolment.labels import ENROLLMENT_ROLE_LABELS
from app.enrolment.services import AlreadyEnrolled, enroll_person
from app.errors import DomainError
from app.extensions import db
from app.rounds.models import Enrollment, RoundRole
from app.rounds.services import NotAllowedInStatus
from app.rounds.statuses import COHORT_STATUSES

NOBODY = "—"  # how the audit log names a missing guide, the same in every language


@dataclass(frozen=True)
class GuideRole:
    """A kind of guide: where the enrolment keeps them and how to say that someone is not one."""

    attribute: str  # the Enrollment column
    not_a_guide: str
    not_in_round: str  # roster: the email names nobody of this role
    listed_as: str  # roster: the email is in the file with another role
    enrolled_as: str  # roster: the email is in the round with another role


GUIDE_ROLES = {
    RoundRole.COACH: GuideRole(
        "coach_id",
        _l("The coach chosen for %(name)s is not a coach of this round."),
        _l("%(email)s is neither a coach in this file nor a coach of this round."),
        _l("%(email)s is not a coach: row %(row)s lists them as %(role)s."),
        _l("%(email)s is in this round as %(role)s, not as a coach.")),
    RoundRole.MENTOR: GuideRole(
        "mentor_id",
        _l("The mentor chosen for %(name)s is not a mentor of this round."),
        _l("%(email)s is neither a mentor in this file nor a mentor of this round."),
        _l("%(email)s is not a mentor: row %(row)s lists them as %(role)s."),
        _l("%(email)s is in this round as %(role)s, not as a mentor.")),
    RoundRole.EXAMINER: GuideRole(
        "examiner_id",
        _l("The examiner chosen for %(name)s is not an examiner of this round."),
        _l("%(email)s is neither an examiner in this file nor an examiner of this round."),
        _l("%(email)s is not an examiner: row %(row)s lists them as %(role)s."),
        _l("%(email)s is in this round as %(role)s, not as an examiner.")),
}


class NotAGuide(DomainError):
    pass


# --- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Guide:
    user_id: int
    name: str
    email: str
    load: int  # participants of this round they guide


@dataclass(frozen=True)
class GuidedParticipant:
    enrollment_id: int
    name: str
    email: str
    institution: str
    coach_id: Optional[int]
    mentor_id: Optional[int]
    examiner_id: Optional[int]


@dataclass(frozen=True)
class GuidesOverview:
    participants: list
    coaches: list
    mentors: list
    examiners: list

    @property
    def without_coach(self):
        return sum(1 for participant in self.participants if participant.coach_id is None)

    @property
    def without_mentor(self):
        return sum(1 for participant in self.participants if participant.mentor_id is None)


def guides_overview(cohort_id):
    """The round's participants with their guides' ids, and its coaches and mentors with how
    many participants each guides: three queries, however large the round."""
    participants = [GuidedParticipant(*row) for row in db.session.execute(
        select(Enrollment.id, User.name, User.email, User.institution, Enrollment.coach_id,
               Enrollment.mentor_id, Enrollment.examiner_id)
        .join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role == RoundRole.PARTICIPANT)
        .order_by(User.name, Enrollment.id))]
    loads = guide_loads(cohort_id)
    guides = {role: [] for role in GUIDE_ROLES}
    for role, user_id, name, email in db.session.execute(
            select(Enrollment.role, User.id, User.name, User.email)
            .join(User, User.id == Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort_id, Enrollment.role.in_(GUIDE_ROLES))
            .order_by(User.name, User.id)):
        guides[role].append(Guide(user_id, name, email, loads[role].get(user_id, 0)))
    return GuidesOverview(participants, guides[RoundRole.COACH], guides[RoundRole.MENTOR],
                          guides[RoundRole.EXAMINER])


def guide_loads(cohort_id):
    """{role: {guide's user id: participants they guide in the round}}, in one query."""
    def grouped(role):
        column = getattr(Enrollment, GUIDE_ROLES[role].attribute)
        return (select(literal(role).label("role"), column.label("user_id"),
                       func.count(Enrollment.id).label("load"))
                .where(Enrollment.cohort_id == cohort_id, Enrollment.role == RoundRole.PARTICIPANT,
                       column.is_not(None))
                .group_by(column))

    loads = {role: {} for role in GUIDE_ROLES}
    for role, user_id, load in db.session.execute(union_all(*map(grouped, GUIDE_ROLES))):
        loads[role][user_id] = load
    return loads


def round_guides(cohort_id):
    """{user id: (role, name)} of the round's coaches, mentors and examiners."""
    return {user_id: (role, name) for user_id, role, name in db.session.execute(
        select(User.id, Enrollment.role, User.name).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role.in_(GUIDE_ROLES)))}


# --- changing ------------------------------------------------------------------------------

def check_editable(cohort):
    if not COHORT_STATUSES[cohort.status].editable:
        raise NotAllowedInStatus(_("An archived round cannot be changed."))


def save_guides(actor, cohort, choices):
    """Give each participant the guides chosen for them: `choices` maps enrollment ids to
    (coach id, mentor id, examiner id), None for nobody; a pair without the examiner keeps
    theirs. Every choice is checked before any is written, so nothing is half-saved; only
    changed participants are written and logged. Returns how many changed."""
    check_editable(cohort)
    guides = round_guides(cohort.id)
    rows = db.session.execute(
        select(Enrollment, User.name).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.PARTICIPANT)).all()
    check_participants(cohort, set(choices) - {enrollment.id for enrollment, _name in rows})
    wanted = {enrollment.id: in_full(enrollment, choices[enrollment.id])
              for enrollment, _name in rows if enrollment.id in choices}
    changes = [(enrollment, name, *wanted[enrollment.id]) for enrollment, name in rows
               if enrollment.id in wanted and assigned(enrollment) != wanted[enrollment.id]]
    for _enrollment, name, *chosen in changes:
        check_guides(guides, name, *chosen)
    for enrollment, name, *chosen in changes:
        set_guides(actor, enrollment, name, guides, *chosen)
    return len(changes)


def assigned(enrollment):
    return (enrollment.coach_id, enrollment.mentor_id, enrollment.examiner_id)


def in_full(enrollment, choice):
    """A (coach, mentor) choice keeps the examiner the participant has."""
    return tuple(choice) if len(choice) == 3 else (*choice, enrollment.examiner_id)


def check_participants(cohort, others):
    """Refuse choices for the round's coaches, mentors or observers; ids of enrolments no longer
    in the round (removed since the page was loaded) are passed over."""
    if others and db.session.scalar(select(Enrollment.id).where(
            Enrollment.cohort_id == cohort.id, Enrollment.id.in_(others)).limit(1)) is not None:
        raise DomainError(_("Only participants have a coach and a mentor."))


def check_guides(guides, name, coach_id, mentor_id, examiner_id=None):
    for role, user_id in ((RoundRole.COACH, coach_id), (RoundRole.MENTOR, mentor_id),
                          (RoundRole.EXAMINER, examiner_id)):
        if user_id is not None and guides.get(user_id, (None,))[0] != role:
            raise NotAGuide(GUIDE_ROLES[role].not_a_guide % {"name": name})


def set_guides(actor, enrollment, name, guides, coach_id, mentor_id, examiner_id=None):
    """Set the participant's guides, logging the coach and mentor and, apart, the examiner,
    each only when it changed."""
    check_guides(guides, name, coach_id, mentor_id, examiner_id)
    guided = (enrollment.coach_id, enrollment.mentor_id) != (coach_id, mentor_id)
    examined = enrollment.examiner_id != examiner_id
    enrollment.coach_id, enrollment.mentor_id = coach_id, mentor_id
    enrollment.examiner_id = examiner_id
    db.session.flush()
    if guided:
        record_event(actor, "guides.assigned", cohort=enrollment.cohort, name=name,
                     coach=guides[coach_id][1] if coach_id else NOBODY,
                     mentor=guides[mentor_id][1] if mentor_id else NOBODY)
    if examined:
        record_event(actor, "guides.examiner_assigned", cohort=enrollment.cohort, name=name,
                     examiner=guides[examiner_id][1] if examiner_id else NOBODY)


@dataclass(frozen=True)
class Balance:
    assigned: int
    left: list  # names of the participants still without a coach
    coaches: int


def balance_coaches(actor, cohort, cap):
    """Share the participants without a coach among the round's coaches, each to whoever guides
    fewest so far (ties to the first by name), never giving a coach more than `cap`.

    When every coach is at the cap, the rest stay without a coach and are returned by name:
    those that fit are assigned, since each assignment is right on its own and the organiser
    can raise the cap or enrol another coach for the rest. Participants who already have a
    coach keep them, even a coach above the cap.
    """
    check_editable(cohort)
    # Locking the coaches' enrolments makes a second balancing of the round wait for this one,
    # then count the loads it left, so together they never pass the cap.
    coaches = db.session.scalars(
        select(Enrollment.user_id).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.COACH)
        .order_by(User.name, User.id).with_for_update(of=Enrollment)).all()
    if not coaches:
        raise DomainError(_("The round has no coaches yet: enrol them first."))
    loads = guide_loads(cohort.id)[RoundRole.COACH]
    # (load, position by name, coach): the least loaded coach comes out first.
    queue = [(loads.get(coach_id, 0), position, coach_id)
             for position, coach_id in enumerate(coaches)]
    heapq.heapify(queue)
    waiting = db.session.execute(
        select(Enrollment, User.name).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.PARTICIPANT,
               Enrollment.coach_id.is_(None))
        .order_by(User.name, Enrollment.id)).all()
    left = []
    for enrollment, name in waiting:
        if queue[0][0] >= cap:
            left.append(name)
            continue
        load, position, coach_id = heapq.heappop(queue)
        enrollment.coach_id = coach_id
        heapq.heappush(queue, (load + 1, position, coach_id))
    db.session.flush()
    balance = Balance(assigned=len(waiting) - len(left), left=left, coaches=len(coaches))
    record_event(actor, "guides.balanced", cohort=cohort, assigned=balance.assigned,
                 left=len(left), cap=cap)
    return balance


def invite_mentor(actor, cohort, *, email, name=""):
    """Make someone a mentor of the round: their account, or a new one without a password,
    enrolled as mentor unless they already are. Returns the user; the caller invites them
    when they cannot sign in yet."""
    user = find_user_by_email(email)
    role = user and db.session.scalar(select(Enrollment.role).filter_by(
        cohort_id=cohort.id, user_id=user.id))
    if role == RoundRole.MENTOR:
        return user
    if role:
        raise AlreadyEnrolled(_("%(email)s is already in this round as %(role)s.",
                                email=user.email, role=ENROLLMENT_ROLE_LABELS[role]))
    enrollment = enroll_person(actor, cohort, email=email, role=RoundRole.MENTOR, name=name)
    return db.session.get(User, enrollment.user_id)

"""The seminar's rules: a round's rubric weights, a scorer's rubric for a participant, the
final score their role weights give, and publishing it with its predicate. Each function
flushes and audits; the caller commits."""
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import label_details, record_event
from app.errors import DomainError
from app.events import progress_recorded
from app.extensions import db
from app.rounds.models import Enrollment, RoundRole
from app.rounds.statuses import COHORT_STATUSES
from app.seminars import queries
from app.seminars.models import SCORER_ROLES, SeminarResult, SeminarScore, SeminarSettings
from app.seminars.rubric import TOTAL_WEIGHT, predicate_bands, predicate_for, two_places

SCORER_ROLE_LABELS = {"examiner": _l("Examiner"), "coach": _l("Coach"), "mentor": _l("Mentor")}
label_details(scorer_role=SCORER_ROLE_LABELS)


class NotAScorer(DomainError):
    """The user scores no seminar of this participant."""


class ResultPublished(DomainError):
    pass


class StaleScores(DomainError):
    pass


def check_editable(cohort):
    if not COHORT_STATUSES[cohort.status].editable:
        raise DomainError(_("An archived round cannot be changed."))


def save_settings(actor, cohort, criterion_weights, role_weights):
    """Give the round its own criterion and scorer-role weights, each set adding up to 100.
    Once anyone has scored, the weights stay as they are."""
    check_editable(cohort)
    rubric = queries.round_rubric(cohort.id)
    if set(criterion_weights) != set(rubric.keys):
        unknown = sorted(set(criterion_weights) - set(rubric.keys))
        raise DomainError(_("%(key)s is not a criterion of the rubric.",
                            key=", ".join(unknown) or ", ".join(rubric.keys)))
    for name, weights in ((_("criterion weights"), criterion_weights),
                          (_("scorer weights"), role_weights)):
        if sum(weights.values()) != TOTAL_WEIGHT:
            raise DomainError(_("The %(name)s add up to %(sum)s, not 100.", name=name,
                                sum=sum(weights.values())))
    if db.session.scalar(select(exists().where(
            SeminarScore.enrollment_id.in_(select(Enrollment.id).filter_by(
                cohort_id=cohort.id))))):
        raise DomainError(_("Scores are in already: the rubric's weights can no longer "
                            "change."))
    chosen = queries.settings(cohort.id) or SeminarSettings(cohort_id=cohort.id)
    chosen.criterion_weights = dict(criterion_weights)
    chosen.examiner_weight, chosen.coach_weight, chosen.mentor_weight = (
        role_weights[role] for role in SCORER_ROLES)
    db.session.add(chosen)
    db.session.flush()
    record_event(actor, "seminar.settings_changed", cohort=cohort)
    return chosen


def checked_scores(rubric, scores):
    """{criterion key: whole score 0–100} for exactly the rubric's criteria, or a DomainError
    that names the criterion at fault."""
    for key in scores:
        if key not in rubric.keys:
            raise DomainError(_("%(key)s is not a criterion of this round's rubric.", key=key))
    checked = {}
    for criterion in rubric.criteria:
        value = scores.get(criterion.key)
        if value is None or value == "":
            raise DomainError(_("Give a score for “%(criterion)s”.", criterion=criterion.label))
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or isinstance(value, bool) or str(number) != str(value).strip() \
                or not 0 <= number <= 100:
            raise DomainError(_("The score for “%(criterion)s” must be a whole number from 0 "
                                "to 100.", criterion=criterion.label))
        checked[criterion.key] = number
    return checked


def submit_score(actor, enrollment_id, scores, comments, revision):
    """Save the actor's rubric for the participant: every criterion scored, nothing saved when
    one is wrong. `revision` is the one the form was opened at (0 for none yet): a form older
    than the saved scores is refused, as is any change once the result is published."""
    enrollment = queries.lock_enrollment(enrollment_id)
    role = enrollment and queries.scorer_role(actor, enrollment)
    if role is None or enrollment.role != RoundRole.PARTICIPANT:
        raise NotAScorer(_("You do not score this participant's seminar."))
    check_editable(enrollment.cohort)
    if queries.result_of(enrollment.id) is not None:
        raise ResultPublished(_("The result is published: the organiser must unpublish it "
                                "before any score changes."))
    rubric = queries.round_rubric(enrollment.cohort_id)
    checked = checked_scores(rubric, scores)
    score = queries.score_of(enrollment.id, actor.id, for_update=True)
    if (score.revision if score else 0) != revision:
        raise StaleScores(_("These scores were saved from another page since you opened this "
                            "one: check them and save again."))
    try:
        with db.session.begin_nested():
            if score is None:
                score = SeminarScore(enrollment_id=enrollment.id, scorer_id=actor.id,
                                     role=role, revision=0)
                db.session.add(score)
            score.scores, score.comments = checked, comments
            score.total, score.revision = rubric.total(checked), score.revision + 1
            db.session.flush()
    except IntegrityError:
        raise StaleScores(_("Scores for this participant were saved at the same moment: "
                            "reload the page and check them.")) from None
    record_event(actor, "seminar.scored", cohort=enrollment.cohort,
                 name=queries.participant_name(enrollment), scorer_role=role,
                 total=str(score.total))
    return score


def final_score(rubric, scores):
    """The role weights' mix of the scorers' totals, or None while a weighted role has not
    scored; with the roles still missing."""
    missing = [role for role in SCORER_ROLES
               if rubric.role_weights[role] and role not in scores]
    if missing:
        return None, missing
    weighted = sum(scores[role].total * rubric.role_weights[role] for role in SCORER_ROLES
                   if rubric.role_weights[role])
    return two_places(Decimal(weighted) / TOTAL_WEIGHT), []


def publish(actor, cohort, enrollment, name, rubric, scores):
    final, missing = final_score(rubric, scores)
    if final is None:
        return missing
    band = predicate_for(final, predicate_bands())
    db.session.add(SeminarResult(enrollment_id=enrollment.id, final_score=final,
                                 predicate=band.key, passed=band.passed,
                                 published_by_id=actor.id))
    db.session.flush()
    record_event(actor, "seminar.published", cohort=cohort, name=name, score=str(final),
                 predicate=band.label_id)
    return []


def publish_results(actor, cohort, enrollment_id=None):
    """Publish the seminar result of the round's participants (or of one) that every weighted
    scorer has scored and that are not published yet. Returns (how many were published, the
    names of those still waiting for a score); for one participant, waiting is refused."""
    check_editable(cohort)
    rows = [(e, name) for e, name in queries.round_participants(cohort.id, for_update=True)
            if enrollment_id is None or e.id == enrollment_id]
    if enrollment_id is not None and not rows:
        raise NotAScorer(_("Nobody in this round has that enrolment."))
    ids = [e.id for e, _name in rows]
    done, scores, rubric = queries.results_of(ids), queries.scores_of(ids), \
        queries.round_rubric(cohort.id)
    published, waiting = [], []
    for enrollment, name in rows:
        if enrollment.id in done:
            continue
        missing = publish(actor, cohort, enrollment, name, rubric, scores[enrollment.id])
        if missing:
            waiting.append((name, [SCORER_ROLE_LABELS[role] for role in missing]))
        else:
            published.append(enrollment.id)
    if enrollment_id is not None and waiting:
        raise DomainError(_("%(name)s has no score yet from: %(roles)s.", name=waiting[0][0],
                            roles=", ".join(str(role) for role in waiting[0][1])))
    if published:
        progress_recorded.send(enrollment_ids=published)
    return len(published), [name for name, _roles in waiting]


def unpublish_result(actor, cohort, enrollment_id):
    """Take a participant's result back, so that their scorers can change their scores."""
    check_editable(cohort)
    enrollment = queries.lock_enrollment(enrollment_id)
    if enrollment is None or enrollment.cohort_id != cohort.id:
        raise NotAScorer(_("Nobody in this round has that enrolment."))
    result = queries.result_of(enrollment.id)
    if result is None:
        raise DomainError(_("This result is not published."))
    db.session.execute(delete(SeminarResult).where(SeminarResult.id == result.id))
    record_event(actor, "seminar.unpublished", cohort=cohort,
                 name=queries.participant_name(enrollment), score=str(result.final_score))


def set_program_seminar(actor, program, *, requires_seminar, min_seminar_predicate,
                        certificate_shows_predicate, bands):
    """Set whether the program requires the seminar, at which predicate, and whether its
    certificates show the predicate."""
    if min_seminar_predicate and min_seminar_predicate not in {
            band.key for band in bands if band.passed}:
        raise DomainError(_("%(key)s is not a passing predicate.", key=min_seminar_predicate))
    program.requires_seminar = requires_seminar
    program.min_seminar_predicate = min_seminar_predicate or None
    program.certificate_shows_predicate = certificate_shows_predicate
    db.session.flush()
    record_event(actor, "seminar.program_rules_changed",
                 organisation_id=program.organisation_id, program=program.title)

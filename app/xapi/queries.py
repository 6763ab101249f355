"""Reading learning records: the facts a statement is built from, and the admin page's lists.

The fact loaders run inside a flush on its connection: one query per kind of learning in
the flush, whatever the number of rows."""
from sqlalchemy import case, func, select

from app.auth.models import User
from app.certificates.models import Certificate
from app.content.models import Activity, Course
from app.extensions import db
from app.organisations.models import Organisation
from app.rounds.models import Attendance, Cohort, CohortSession, Enrollment, Program
from app.xapi.models import XapiStatement


def _learner_columns():
    return (User.name.label("user_name"), User.email.label("user_email"),
            User.locale.label("user_locale"), User.id.label("user_id"),
            Enrollment.id.label("enrollment_id"), Cohort.id.label("cohort_id"),
            Cohort.name.label("cohort_name"), Program.slug.label("program_slug"),
            Program.title.label("program_title"), Organisation.slug.label("organisation_slug"))


def _with_learner(query, enrollment_id):
    return (query.join(Enrollment, Enrollment.id == enrollment_id)
            .join(User, User.id == Enrollment.user_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Program, Program.id == Cohort.program_id)
            .join(Organisation, Organisation.id == Program.organisation_id))


def _by_id(connection, query):
    return {row.id: row for row in connection.execute(query)}


def activity_facts(connection, model, ids):
    """{row id: facts} of completions or quiz attempts: learner, round, activity, course."""
    query = (select(model.id, *_learner_columns(), Activity.slug.label("activity_slug"),
                    Activity.title.label("activity_title"), Activity.kind.label("activity_kind"),
                    Course.slug.label("course_slug"), Course.title.label("course_title"),
                    Course.language.label("course_language"))
             .select_from(model)
             .join(Activity, Activity.id == model.activity_id)
             .join(Course, Course.id == Activity.course_id))
    return _by_id(connection, _with_learner(query, model.enrollment_id)
                  .where(model.id.in_(ids)))


def attendance_facts(connection, ids):
    """{attendance id: facts}: learner, round and session."""
    query = (select(Attendance.id, *_learner_columns(), CohortSession.id.label("session_id"),
                    CohortSession.title.label("session_title"),
                    CohortSession.starts_at.label("session_starts_at"))
             .select_from(Attendance)
             .join(CohortSession, CohortSession.id == Attendance.session_id))
    return _by_id(connection, _with_learner(query, Attendance.enrollment_id)
                  .where(Attendance.id.in_(ids)))


def certificate_facts(connection, ids):
    """{certificate id: facts}: holder and round."""
    query = select(Certificate.id, *_learner_columns()).select_from(Certificate)
    return _by_id(connection, _with_learner(query, Certificate.enrollment_id)
                  .where(Certificate.id.in_(ids)))


def statements_about(connection, subjects):
    """The statements already kept about these subjects, oldest first."""
    return connection.execute(
        select(XapiStatement.id, XapiStatement.user_id, XapiStatement.subject,
               XapiStatement.verb, XapiStatement.body)
        .where(XapiStatement.subject.in_(subjects))
        .order_by(XapiStatement.created_at)).all()


def newest_first():
    """Every statement, newest first, for paginating."""
    return select(XapiStatement).order_by(XapiStatement.created_at.desc(),
                                          XapiStatement.id.desc())


def bodies(unsent=False):
    """The statements as sent to an LRS, oldest first; only the unsent ones if asked."""
    query = select(XapiStatement.body).order_by(XapiStatement.created_at, XapiStatement.id)
    if unsent:
        query = query.where(XapiStatement.sent_at.is_(None))
    return db.session.scalars(query).all()


def status_counts():
    """How many statements are sent, waiting for their first attempt, and failing; one
    grouped query."""
    status = case((XapiStatement.sent_at.is_not(None), "sent"),
                  (XapiStatement.attempts > 0, "failing"), else_="waiting")
    counts = dict(db.session.execute(
        select(status, func.count()).group_by(status)).all())
    return {name: counts.get(name, 0) for name in ("sent", "waiting", "failing")}

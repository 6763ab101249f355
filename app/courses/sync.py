"""Applying loaded course content to the database without losing anyone's progress."""
from dataclasses import dataclass

from sqlalchemy import exists, select, update

from app import clock
from app.content.models import Activity, Course, Module
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.rounds.models import ProgramCourse


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    archived: int = 0
    deleted: int = 0

    def __str__(self):
        return (f"{self.created} created, {self.updated} updated, "
                f"{self.archived} archived, {self.deleted} deleted")


def _assign(obj, report, **values):
    """Set attributes, counting the object as updated when any value changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed and obj.id is not None:
        report.updated += 1


def sync_courses(sources, on_progress=None):
    """Create, update, archive or delete courses so the database matches `sources`.

    Slugs are identities: a course, module or activity keeps its row (and every learner's
    completions) as long as its slug stays. What disappeared from the files is archived when
    anyone has a record against it, and deleted otherwise. Flushes; the caller commits.
    """
    report = SyncReport()
    existing = {c.slug: c for c in db.session.scalars(select(Course))}
    for source in sources:
        course = existing.pop(source.slug, None)
        if course is None:
            course = Course(slug=source.slug)
            db.session.add(course)
            report.created += 1
        _assign(course, report, title=source.title, summary=source.summary,
                language=source.language, jp=source.jp, archived_at=None)
        db.session.flush()
        _sync_modules(course, source, report)
        if on_progress:
            on_progress(1)
    for course in existing.values():
        _retire_course(course, report)
    db.session.flush()
    return report


def _sync_modules(course, source, report):
    modules = {m.slug: m for m in db.session.scalars(select(Module).filter_by(course_id=course.id))}
    activities = {a.slug: a for a in db.session.scalars(
        select(Activity).filter_by(course_id=course.id))}
    for position, module_source in enumerate(source.modules, start=1):
        module = modules.pop(module_source.slug, None)
        if module is None:
            module = Module(course_id=course.id, slug=module_source.slug)
            db.session.add(module)
            report.created += 1
        _assign(module, report, title=module_source.title, position=position, archived_at=None)
        db.session.flush()
        for a_position, activity_source in enumerate(module_source.activities, start=1):
            activity = activities.get(activity_source.slug)
            if activity is None:
                activity = Activity(course_id=course.id, slug=activity_source.slug)
                db.session.add(activity)
                activities[activity.slug] = activity
                report.created += 1
            _assign(activity, report, module_id=module.id, kind=activity_source.kind,
                    title=activity_source.title, position=a_position,
                    minutes=activity_source.minutes, body_html=activity_source.body_html,
                    spec=activity_source.spec, archived_at=None)
    db.session.flush()
    wanted = {a.slug: a for m in source.modules for a in m.activities}
    for slug, activity in activities.items():
        if slug in wanted:
            required = wanted[slug].requires
            _assign(activity, report, requires_id=activities[required].id if required else None)
    for slug, activity in list(activities.items()):
        if slug not in wanted:
            _retire_activity(activity, report)
    db.session.flush()
    for module in modules.values():
        _retire_module(module, report)


def _has_records(activity_filter):
    return db.session.scalar(select(
        exists().where(Completion.activity_id.in_(activity_filter))
        | exists().where(QuizAttempt.activity_id.in_(activity_filter))
    ))


def _retire(row, report, still_needed):
    """Archive a row that something still points at; delete it otherwise.

    `still_needed` is a callable, so rows already archived cost no query.
    """
    if row.archived_at is not None:
        return
    if still_needed():
        row.archived_at = clock.now()
        report.archived += 1
    else:
        db.session.delete(row)
        report.deleted += 1


def _retire_activity(activity, report):
    _retire(activity, report,
            lambda: _has_records(select(Activity.id).where(Activity.id == activity.id)))


def _retire_module(module, report):
    _retire(module, report,
            lambda: db.session.scalar(select(exists().where(Activity.module_id == module.id))))


def _retire_course(course, report):
    def still_needed():
        in_program = select(exists().where(ProgramCourse.course_id == course.id))
        return (db.session.scalar(in_program)
                or _has_records(select(Activity.id).where(Activity.course_id == course.id)))

    _retire(course, report, still_needed)
    if course.archived_at is not None:
        db.session.execute(update(Activity)
                           .where(Activity.course_id == course.id, Activity.archived_at.is_(None))
                           .values(archived_at=course.archived_at))

"""Replaying the demo's past through the app's own services, each step at the moment it
happened: the clock is set back for the step, so every row, audit event, notification and
learning record it writes carries that moment, and the rules that guard a real participant
(locks, pass marks, reviews) guard the demo too."""
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from sqlalchemy import update
from werkzeug.datastructures import MultiDict

from app import clock
from app.attendance.services import record_attendance
from app.auth.models import User
from app.extensions import db
from app.learning.queries import activity_with_body, build_journey
from app.learning.services import mark_done
from app.quizzes.attempts import start_attempt, submit_attempt
from app.mentoring import workflow
from app.mentoring.plans import answer_content
from app.notifications.models import Notification


@contextmanager
def happening_at(moment):
    """Do what the block does at `moment`, then return to the present."""
    setting = clock.travel_to(moment, tick=False)
    try:
        yield
        db.session.flush()  # the rows' default timestamps are taken when they are written
    finally:
        clock.restore(setting)


def local_moment(day, hour_minute, zone):
    """The aware instant of a local time ("08:00") on a day in a zone."""
    return datetime.combine(day, time.fromisoformat(hour_minute), zone)


def spread(first, last, count):
    """`count` instants from `first` to `last`, evenly apart; the last is `last` itself."""
    if count == 1:
        return [last]
    step = (last - first) / (count - 1)
    return [first + step * n for n in range(count)]


def participant_of(enrollment):
    return db.session.get(User, enrollment.user_id)


def right_answers(activity):
    """The quiz's right answers as the quiz form sends them."""
    return MultiDict([(f"q-{question['key']}", str(index))
                      for question in activity.spec["questions"]
                      for index in question["correct"]])


def _do(enrollment, step, answer):
    """Do one step as the participant; an assignment's answer is submitted, and returned."""
    activity = step.activity
    if activity.kind == "lesson":
        mark_done(enrollment, step)
    elif activity.kind == "quiz":
        step.activity = activity_with_body(activity.id)
        attempt = start_attempt(enrollment, step)
        submit_attempt(enrollment, step.activity, attempt, right_answers(step.activity),
                       confirmed=True)
    else:
        return workflow.answer_assignment(participant_of(enrollment), enrollment, step,
                                          answer_content(answer), submit_it=True)
    return None


def learn(enrollment, moments, *, coach=None, answer=""):
    """Do the enrollment's next steps of the journey in order, one at each moment: read the
    lessons, pass the quizzes, and answer an assignment, which `coach` approves two hours
    later (without a coach the journey stops there). Returns how many steps were done."""
    for done, moment in enumerate(moments):
        with happening_at(moment):
            step = build_journey(enrollment).next_step
            if step is None or (step.activity.kind == "assignment" and coach is None):
                return done
            submission = _do(enrollment, step, answer)
        if submission is not None:
            with happening_at(moment + timedelta(hours=2)):
                workflow.review(coach, submission, "approve",
                                "Analisis yang tajam dan berpijak pada kondisi daerah.")
    return len(moments)


def plan_reviewed(enrollment, content, submitted_at, coach, *, revision=None, mentor=None):
    """The participant submits the action plan; the coach asks for `revision` first when
    given (and the plan comes back two days later), then approves it a day after; the mentor,
    when given, endorses it the day after that."""
    participant = participant_of(enrollment)
    with happening_at(submitted_at):
        plan = workflow.write_action_plan(participant, enrollment, content, submit_it=True)
    reviewed_at = submitted_at + timedelta(days=1)
    if revision:
        with happening_at(reviewed_at):
            workflow.review(coach, plan, "request_revision", revision)
        with happening_at(reviewed_at + timedelta(days=2)):
            workflow.submit(participant, plan, content)
        reviewed_at += timedelta(days=3)
    with happening_at(reviewed_at):
        workflow.review(coach, plan, "approve", "Rencana aksi jelas, terukur dan layak "
                                                "dijalankan. Disetujui.")
    if mentor is not None:
        with happening_at(reviewed_at + timedelta(days=1)):
            workflow.review(mentor, plan, "endorse", "Didukung penuh oleh pimpinan.")
    return plan


def attendance_taken(organiser, session, statuses):
    """The organiser records the session's attendance as it ends."""
    with happening_at(session.ends_at):
        record_attendance(organiser, session, statuses)


def notifications_seen(user_ids, until):
    """Mark the notifications these people had by `until` read and emailed then: the demo's
    past is not mailed out again today."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id.in_(user_ids), Notification.created_at <= until)
        .values(read_at=until, emailed_at=until).execution_options(synchronize_session=False))

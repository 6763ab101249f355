"""Due reminders: participants hear of their action plan's milestones due soon and of sessions
tomorrow, each once, however often the reminder run repeats."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.enrolment.services import enroll
from app.notifications.models import Notification
from app.reminders.services import DueReminders, create_due_reminders
from app.notifications.services import describe
from tests.notifications.conftest import ONE_DAY, local

# 10:00 WIB on Monday 16 November 2026, the round's first day; its opening lecture (the
# make_session default) is tomorrow at 08:00 WIB.
NOW = datetime(2026, 11, 16, 3, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 16)


def notifications(db, kind=None):
    query = select(Notification).order_by(Notification.id)
    if kind:
        query = query.filter_by(kind=kind)
    return db.session.scalars(query).all()


def sentences(db, kind=None):
    """What the reminders say, with the narrow spaces of English times made plain."""
    return [describe(n).replace("\u202f", " ") for n in notifications(db, kind)]


# --- milestones ------------------------------------------------------------------------------

@pytest.mark.parametrize("days_ahead", [0, 1, 3])
def test_a_milestone_due_within_three_days_is_reminded(db, request_context, enrollment,
                                                       participant, make_milestone, days_ahead):
    milestone = make_milestone(enrollment, TODAY + days_ahead * ONE_DAY)
    assert create_due_reminders(NOW, 3) == DueReminders(milestones=1, sessions=0)
    [reminder] = notifications(db, "milestone_due")
    assert (reminder.user_id, reminder.dedupe_key, reminder.link) == (
        participant.id, f"milestone-due:{milestone.id}", f"/journey/{enrollment.cohort_id}")
    day = f"November {16 + days_ahead}, 2026"
    assert sentences(db, "milestone_due") == [
        f"Your milestone “Draft the SPBE roadmap” is due on {day}."]


@pytest.mark.parametrize("days_ahead", [-1, 4, 30])
def test_a_milestone_overdue_or_further_ahead_is_not_reminded(db, enrollment, make_milestone,
                                                              days_ahead):
    make_milestone(enrollment, TODAY + days_ahead * ONE_DAY)
    assert create_due_reminders(NOW, 3).milestones == 0


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_finished_milestone_is_not_reminded(db, enrollment, make_milestone, status):
    make_milestone(enrollment, TODAY + ONE_DAY, status=status)
    assert create_due_reminders(NOW, 3).milestones == 0


def test_how_many_days_before_is_a_setting(db, enrollment, make_milestone):
    make_milestone(enrollment, TODAY + 5 * ONE_DAY)
    assert create_due_reminders(NOW, 3).milestones == 0
    assert create_due_reminders(NOW, 5).milestones == 1


def test_the_days_are_counted_in_the_rounds_zone(db, enrollment, make_milestone):
    make_milestone(enrollment, date(2026, 11, 24))
    # 20:00 UTC on the 20th is already the 21st in Jakarta: the 24th is three days away there.
    evening = datetime(2026, 11, 20, 20, 0, tzinfo=timezone.utc)
    assert create_due_reminders(evening, 3).milestones == 1


@pytest.mark.parametrize("status", ["completed", "open"])
def test_milestones_are_followed_up_after_the_round(db, cohort, enrollment, make_milestone,
                                                    status):
    cohort.status = status
    make_milestone(enrollment, TODAY + ONE_DAY)
    assert create_due_reminders(NOW, 3).milestones == 1


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_rounds_being_prepared_or_archived_send_no_milestone_reminders(
        db, cohort, enrollment, make_milestone, status):
    cohort.status = status
    make_milestone(enrollment, TODAY + ONE_DAY)
    assert create_due_reminders(NOW, 3).milestones == 0


def test_inactive_participants_get_no_reminders(db, participant, enrollment, make_milestone,
                                                cohort, make_session):
    participant.active = False
    make_milestone(enrollment, TODAY + ONE_DAY)
    make_session(cohort)
    assert create_due_reminders(NOW, 3) == DueReminders(milestones=0, sessions=0)


# --- sessions --------------------------------------------------------------------------------

def test_every_participant_hears_of_a_session_tomorrow(db, request_context, cohort, participant,
                                                       coach, mentor, make_user, make_session):
    second = make_user(name="Budi Participant")
    enroll(cohort, second, actor=None)
    session = make_session(cohort)
    assert create_due_reminders(NOW, 3) == DueReminders(milestones=0, sessions=2)
    reminders = notifications(db, "session_tomorrow")
    assert [(n.user_id, n.dedupe_key, n.link) for n in reminders] == [
        (user.id, f"session-tomorrow:{session.id}", f"/journey/{cohort.id}")
        for user in (participant, second)]
    assert sentences(db) == ["“Opening lecture” starts tomorrow at 8:00 AM WIB."] * 2


def test_the_session_is_shown_in_its_own_zone(db, request_context, cohort, participant,
                                              make_session):
    make_session(cohort, title="Study visit", timezone="Asia/Makassar",
                 starts_at=local(TODAY + ONE_DAY, 9, "Asia/Makassar"))
    create_due_reminders(NOW, 3)
    assert sentences(db) == ["“Study visit” starts tomorrow at 9:00 AM WITA."]


def test_tomorrow_is_the_sessions_own_tomorrow(db, cohort, participant, make_session):
    # 08:00 WIT (Jayapura) on the 17th is 06:00 WIB: tomorrow in Jakarta, but at 23:00 WIB on
    # the 16th it is already the 17th in Jayapura, so the session is today there.
    make_session(cohort, timezone="Asia/Jayapura",
                 starts_at=local(TODAY + ONE_DAY, 8, "Asia/Jayapura"))
    late_evening = local(TODAY, 23)
    assert create_due_reminders(late_evening, 3).sessions == 0
    assert create_due_reminders(local(TODAY, 20), 3).sessions == 1  # 22:00 WIT on the 16th


@pytest.mark.parametrize("starts_at", [local(TODAY, 14), local(TODAY + 2 * ONE_DAY, 8)])
def test_sessions_today_or_later_than_tomorrow_are_not_reminded(db, cohort, participant,
                                                                make_session, starts_at):
    make_session(cohort, starts_at=starts_at)
    assert create_due_reminders(NOW, 3).sessions == 0


@pytest.mark.parametrize("status", ["draft", "completed", "archived"])
def test_only_open_and_running_rounds_send_session_reminders(db, cohort, participant,
                                                             make_session, status):
    make_session(cohort)
    cohort.status = status
    assert create_due_reminders(NOW, 3).sessions == 0


# --- once each -------------------------------------------------------------------------------

def test_running_again_adds_no_reminders(db, cohort, enrollment, make_milestone, make_session):
    make_milestone(enrollment, TODAY + ONE_DAY)
    make_session(cohort)
    assert create_due_reminders(NOW, 3) == DueReminders(milestones=1, sessions=1)
    assert create_due_reminders(NOW + ONE_DAY / 24, 3) == DueReminders(milestones=0, sessions=0)
    assert len(notifications(db)) == 2


def test_the_command_sends_each_reminder_once_however_often_it_runs(
        app, db, smtp_server, set_clock, cohort, enrollment, make_milestone, make_session):
    set_clock(NOW)
    make_milestone(enrollment, TODAY + ONE_DAY)
    make_session(cohort, starts_at=local(TODAY + ONE_DAY, 10))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["notify", "due"])
    second = runner.invoke(args=["notify", "due"])

    assert first.exit_code == 0, first.output
    assert first.output == ("2 reminders created: 1 for milestones due soon, "
                            "1 for sessions tomorrow.\n")
    assert second.output == ("0 reminders created: 0 for milestones due soon, "
                             "0 for sessions tomorrow.\n")
    assert sorted(m["To"] for m in smtp_server.messages) == ["dewi@madangan.example"] * 2
    assert all(n.emailed_at is not None for n in notifications(db))


# --- the turn of a day, a month and a year ---------------------------------------------------
# The command reads the clock; "tomorrow" and "within three days" are Jakarta's, for the
# round's zone: at 00:30 on New Year's Day in Jakarta it is still 31 December in UTC.

def at(year, month, day, hour, minute):
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Jakarta"))


TURNS = {
    "23:30 on new year's eve": (at(2026, 12, 31, 23, 30), date(2027, 1, 1)),
    "00:30 on new year's day": (at(2027, 1, 1, 0, 30), date(2027, 1, 2)),
    "the day before a leap day": (at(2028, 2, 28, 10, 0), date(2028, 2, 29)),
    "a leap day": (at(2028, 2, 29, 10, 0), date(2028, 3, 1)),
    "a month's last evening": (at(2027, 4, 30, 21, 0), date(2027, 5, 1)),
}


@pytest.mark.parametrize("moment, tomorrow", TURNS.values(), ids=TURNS.keys())
def test_tomorrow_and_the_days_ahead_are_counted_across_the_turn(
        app, db, set_clock, cohort, enrollment, make_milestone, make_session, moment,
        tomorrow):
    set_clock(moment)
    today = tomorrow - ONE_DAY
    make_session(cohort, title="Later today",
                 starts_at=at(today.year, today.month, today.day, 23, 45))
    make_session(cohort, title="Tomorrow's session", starts_at=local(tomorrow, 8))
    make_session(cohort, title="The day after", starts_at=local(tomorrow + ONE_DAY, 8))
    make_milestone(enrollment, today + 3 * ONE_DAY, title="Within three days")
    make_milestone(enrollment, today + 4 * ONE_DAY, title="Four days ahead")

    result = app.test_cli_runner().invoke(args=["notify", "due"])

    assert result.output == ("2 reminders created: 1 for milestones due soon, "
                             "1 for sessions tomorrow.\n")
    [session_reminder] = notifications(db, "session_tomorrow")
    assert session_reminder.payload["title"] == "Tomorrow's session"
    [milestone_reminder] = notifications(db, "milestone_due")
    assert milestone_reminder.payload["title"] == "Within three days"

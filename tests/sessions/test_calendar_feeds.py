"""iCalendar feeds that calendar apps subscribe to at a private address, read back with the
icalendar library."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from icalendar import Calendar

from app import clock
from app.enrolment.services import enroll
from tests.sessions.conftest import END, START


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def cohort_feed_url(cohort):
    return f"/calendar/cohort/{cohort.calendar_token}.ics"


@pytest.fixture
def agenda(cohort, make_session):
    """A lecture in Bandung and an online clinic from Seoul."""
    return [
        make_session(cohort, title="Opening lecture", place="Gedung Sate, Bandung",
                     description="Welcome and program overview."),
        make_session(cohort, title="Coaching clinic", kind="coaching_clinic",
                     timezone="Asia/Seoul", jp=Decimal("1.5"),
                     meeting_url="https://zoom.us/j/987",
                     starts_at=datetime(2026, 11, 20, 5, 0, tzinfo=timezone.utc)),
    ]


def test_the_cohort_feed_has_an_event_per_session(client, cohort, agenda):
    calendar = read_feed(client, cohort_feed_url(cohort))
    assert calendar.calendar_name == "Digital Leadership — Angkatan I"
    assert str(calendar["PRODID"]) == "-//Madangan//Agenda//EN"
    assert calendar.refresh_interval == timedelta(hours=6)
    events = {str(event.uid): event for event in calendar.events}
    assert set(events) == {f"session-{s.id}@localhost" for s in agenda}
    lecture, clinic = (events[f"session-{s.id}@localhost"] for s in agenda)
    assert str(lecture["SUMMARY"]) == "Opening lecture"
    assert str(lecture["LOCATION"]) == "Gedung Sate, Bandung"
    assert "Welcome and program overview." in str(lecture["DESCRIPTION"])
    assert str(clinic["URL"]) == "https://zoom.us/j/987"
    assert "https://zoom.us/j/987" in str(clinic["DESCRIPTION"])
    assert "1,5 JP" in str(clinic["DESCRIPTION"])  # the feed speaks Indonesian by default


def test_times_carry_the_venues_zone_and_equal_the_stored_ones(client, cohort, agenda):
    calendar = read_feed(client, cohort_feed_url(cohort))
    for session in agenda:
        [event] = [e for e in calendar.events if str(e.uid).startswith(f"session-{session.id}@")]
        assert event["DTSTART"].params["TZID"] == session.timezone
        assert event["DTEND"].params["TZID"] == session.timezone
        assert event.start == session.starts_at and event.end == session.ends_at
    lecture = [e for e in calendar.events if str(e["SUMMARY"]) == "Opening lecture"][0]
    assert lecture.start.replace(tzinfo=None) == datetime(2026, 11, 17, 8, 0)  # 08.00 WIB
    assert {tz.tz_name for tz in calendar.timezones} == {"Asia/Jakarta", "Asia/Seoul"}
    assert calendar.get_missing_tzids() == set()


def test_a_zone_with_daylight_saving_gets_its_transitions(client, cohort, make_session):
    make_session(cohort, title="Study visit London", timezone="Europe/London",
                 starts_at=datetime(2027, 3, 26, 9, 0, tzinfo=timezone.utc))
    make_session(cohort, title="Study visit London, day 3", timezone="Europe/London",
                 starts_at=datetime(2027, 3, 29, 8, 0, tzinfo=timezone.utc))
    calendar = read_feed(client, cohort_feed_url(cohort))
    starts = sorted(event.start for event in calendar.events)
    assert [s.utcoffset() for s in starts] == [timedelta(0), timedelta(hours=1)]  # GMT, BST
    assert [s.hour for s in starts] == [9, 9]


def test_an_events_uid_stays_when_the_session_changes(client, db, cohort, agenda):
    before = {str(e["SUMMARY"]): str(e.uid) for e in read_feed(
        client, cohort_feed_url(cohort)).events}
    agenda[0].title = "Opening lecture (moved)"
    agenda[0].starts_at += timedelta(hours=1)
    db.session.flush()
    after = {str(e["SUMMARY"]): str(e.uid) for e in read_feed(
        client, cohort_feed_url(cohort)).events}
    assert after["Opening lecture (moved)"] == before["Opening lecture"]
    assert after["Coaching clinic"] == before["Coaching clinic"]


def test_an_empty_agenda_is_a_valid_feed(client, cohort):
    calendar = read_feed(client, cohort_feed_url(cohort))
    assert calendar.events == [] and calendar.calendar_name


@pytest.mark.parametrize("url", ["/calendar/cohort/nope.ics", "/calendar/user/nope.ics",
                                 "/calendar/cohort/.ics"])
def test_an_unknown_token_is_not_found(client, cohort, url):
    assert client.get(url).status_code == 404


def test_a_feed_needs_no_sign_in_but_the_token(client, cohort, agenda):
    assert client.get(cohort_feed_url(cohort)).status_code == 200
    assert client.get(f"/calendar/user/{cohort.calendar_token}.ics").status_code == 404


# --- The per-user feed ------------------------------------------------------------------------

@pytest.fixture
def rounds(db, make_organisation, make_program, make_cohort, make_session, courses, cohort,
           participant, agenda):
    """The participant's round (with `agenda`), a round of another organisation they coach,
    a draft round they are already in, and a round they have nothing to do with."""
    other_program = make_program(courses, organisation=make_organisation(), slug="other")
    coached = make_cohort(other_program, name="Coached round")
    draft = make_cohort(other_program, name="Draft round", status="draft")
    foreign = make_cohort(other_program, name="Foreign round")
    enroll(coached, participant, "coach", actor=None)
    enroll(draft, participant, actor=None)
    make_session(coached, title="Coached forum", kind="forum")
    make_session(draft, title="Draft session")
    make_session(foreign, title="Foreign session")
    participant.calendar_token = "personal-token-" + "x" * 20
    db.session.flush()
    return coached, draft, foreign


def test_the_user_feed_covers_every_round_i_am_in_but_drafts(client, participant, rounds):
    calendar = read_feed(client, f"/calendar/user/{participant.calendar_token}.ics")
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.events)
    assert summaries == ["Coached forum", "Coaching clinic", "Opening lecture"]
    assert calendar.calendar_name == "Madangan — Dewi Participant"
    forum = [e for e in calendar.events if str(e["SUMMARY"]) == "Coached forum"][0]
    assert "Coached round" in str(forum["DESCRIPTION"])
    assert forum.start == START and forum.end == END


def test_the_user_feed_speaks_the_users_language(client, db, participant, rounds):
    participant.locale = "en"
    db.session.flush()
    calendar = read_feed(client, f"/calendar/user/{participant.calendar_token}.ics")
    forum = [e for e in calendar.events if str(e["SUMMARY"]) == "Coached forum"][0]
    assert "Training round: Coached round" in str(forum["DESCRIPTION"])


def test_every_account_has_its_calendar_link_from_the_start(
        client, sign_in, participant, make_user, agenda):
    token = participant.calendar_token
    assert token and len(token) >= 40 and make_user().calendar_token != token
    sign_in(participant)
    page = client.get("/calendar").text
    assert f"http://localhost/calendar/user/{token}.ics" in page
    assert f"webcal://localhost/calendar/user/{token}.ics" in page
    assert len(read_feed(client, f"/calendar/user/{token}.ics").events) == 2


def test_my_calendar_lists_my_coming_sessions(client, sign_in, participant, cohort,
                                              make_session):
    make_session(cohort, title="Next week's forum", starts_at=clock.now() + timedelta(days=7))
    make_session(cohort, title="Last week's forum", starts_at=clock.now() - timedelta(days=7))
    sign_in(participant)
    page = client.get("/calendar").text
    assert "Next week's forum" in page.replace("&#39;", "'")
    assert "Last week" not in page


def test_a_new_link_stops_the_old_one(client, sign_in_en, db, participant, agenda):
    sign_in_en(participant)
    client.get("/calendar")
    db.session.refresh(participant)
    old = participant.calendar_token
    response = client.post("/calendar/new-link", data={}, follow_redirects=True)
    assert "The old link no longer works." in response.text
    db.session.refresh(participant)
    assert participant.calendar_token != old
    assert client.get(f"/calendar/user/{old}.ics").status_code == 404
    assert client.get(f"/calendar/user/{participant.calendar_token}.ics").status_code == 200


def test_a_new_link_needs_a_csrf_token(client, sign_in, db, participant):
    sign_in(participant)
    client.get("/calendar")
    db.session.refresh(participant)
    old = participant.calendar_token
    assert client.post("/calendar/new-link", data={}, csrf=False).status_code == 400
    db.session.refresh(participant)
    assert participant.calendar_token == old


def test_my_calendar_requires_sign_in(client):
    assert "/sign-in" in client.get("/calendar").location
    assert "/sign-in" in client.post("/calendar/new-link", data={}).location

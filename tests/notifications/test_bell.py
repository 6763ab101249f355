"""Every page shows signed-in users a Notifications link with their unread count."""
from datetime import datetime, timezone

BADGE = ('<span class="badge rounded-pill text-bg-warning">{}'
         '<span class="visually-hidden"> unread</span></span>')


def test_it_shows_my_unread_count(client, db, sign_in_en, participant, outsider,
                                  make_notification):
    for kind in ("feedback_received", "revision_requested", "plan_approved"):
        make_notification(participant, kind)
    make_notification(participant).read_at = datetime(2026, 11, 20, tzinfo=timezone.utc)
    make_notification(outsider)
    db.session.flush()
    sign_in_en(participant)
    page = client.get("/").text
    assert 'href="/notifications" id="notifications-bell">Notifications ' + BADGE.format(3) in page


def test_it_shows_no_badge_when_all_are_read(client, sign_in_en, participant):
    sign_in_en(participant)
    page = client.get("/").text
    assert 'id="notifications-bell">Notifications</a>' in page
    assert "visually-hidden\"> unread" not in page


def test_it_is_not_shown_to_visitors(client):
    assert "notifications-bell" not in client.get("/sign-in").text


def test_it_is_counted_once_per_page(client, db, sign_in_en, participant, make_notification,
                                     count_queries):
    make_notification(participant)
    db.session.flush()
    sign_in_en(participant)
    with count_queries() as statements:
        page = client.get("/notifications").text  # the page asks for the count again
    assert BADGE.format(1) in page
    counts = [s for s in statements if "notification.read_at IS NULL" in s]
    assert len(counts) == 1

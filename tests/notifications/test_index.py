"""GET /notifications lists my notifications, newest first, a page at a time."""
from datetime import datetime, timedelta, timezone

from app.notifications.views import PER_PAGE

EARLIER = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def test_it_lists_my_notifications_newest_first(client, db, sign_in_en, participant, outsider,
                                                make_notification):
    older = make_notification(participant, "revision_requested")
    older.created_at = EARLIER
    make_notification(participant, "certificate_issued", link="/certificates/7",
                      program="Digital Leadership")
    make_notification(outsider, "plan_approved")
    db.session.flush()
    sign_in_en(participant)
    page = client.get("/notifications").text
    newest = page.index("Your certificate for Digital Leadership is ready.")
    assert page.index("Hendra Coach asks you to revise your action plan.") > newest
    assert "approved" not in page
    assert 'href="/notifications/preferences"' in page


def test_unread_ones_can_be_opened_and_read_ones_are_links(client, db, sign_in_en, participant,
                                                           make_notification):
    unread = make_notification(participant, link="/journey/1")
    read = make_notification(participant, "plan_approved", link="/journey/2")
    read.read_at = EARLIER
    db.session.flush()
    sign_in_en(participant)
    page = client.get("/notifications").text
    assert f'action="/notifications/{unread.id}/read"' in page
    assert f'action="/notifications/{read.id}/read"' not in page
    assert 'href="/journey/2"' in page
    assert page.count(">New</span>") == 1


def test_it_pages_through_many(client, db, sign_in_en, participant, make_notification):
    for n in range(PER_PAGE + 5):
        notification = make_notification(participant, "certificate_issued", program=f"P{n:02d}")
        notification.created_at = EARLIER + timedelta(minutes=n)
    db.session.flush()
    sign_in_en(participant)
    first = client.get("/notifications").text
    second = client.get("/notifications?page=2").text
    assert "P24" in first and "P05" in first and "P04" not in first
    assert "P04" in second and "P00" in second and "P05" not in second
    assert 'href="/notifications?page=2"' in first


def test_it_says_when_there_are_none(client, sign_in_en, participant):
    sign_in_en(participant)
    assert "You have no notifications yet." in client.get("/notifications").text


def test_it_asks_to_sign_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")

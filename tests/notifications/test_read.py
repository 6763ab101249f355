"""POST /notifications/<id>/read and /notifications/read-all mark my notifications read."""
from datetime import datetime, timezone

import pytest

EARLIER = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def mine(db, participant, make_notification):
    notification = make_notification(participant, link="/journey/1")
    db.session.flush()
    return notification


def test_it_marks_one_read_and_returns_to_the_list(client, db, sign_in_en, participant, mine):
    sign_in_en(participant)
    response = client.post(f"/notifications/{mine.id}/read", data={"page": "2"})
    assert response.status_code == 302
    assert response.location == "/notifications?page=2"
    assert mine.read_at is not None


def test_opening_it_marks_it_read_and_goes_where_it_points(client, sign_in_en, participant,
                                                           mine):
    sign_in_en(participant)
    response = client.post(f"/notifications/{mine.id}/read", data={"open": "1"})
    assert response.location == "/journey/1"
    assert mine.read_at is not None


def test_opening_never_leaves_the_site(client, db, sign_in_en, participant, mine):
    mine.link = "//evil.example/phish"
    db.session.flush()
    sign_in_en(participant)
    response = client.post(f"/notifications/{mine.id}/read", data={"open": "1"})
    assert response.location == "/notifications?page=1"


def test_reading_again_keeps_the_first_time(client, db, sign_in_en, participant, mine):
    mine.read_at = EARLIER
    db.session.flush()
    sign_in_en(participant)
    client.post(f"/notifications/{mine.id}/read", data={})
    assert mine.read_at == EARLIER


def test_it_lowers_the_bell_count(client, sign_in_en, participant, mine):
    sign_in_en(participant)
    assert "visually-hidden\"> unread" in client.get("/").text
    client.post(f"/notifications/{mine.id}/read", data={})
    assert "visually-hidden\"> unread" not in client.get("/").text


@pytest.mark.parametrize("path", ["/notifications/{id}/read", "/notifications/{id}9/read"])
def test_it_404s_for_someone_elses_or_none(client, sign_in_en, outsider, mine, path):
    sign_in_en(outsider)
    assert client.post(path.format(id=mine.id), data={}).status_code == 404
    assert mine.read_at is None


def test_it_rejects_get(client, sign_in_en, participant, mine):
    sign_in_en(participant)
    assert client.get(f"/notifications/{mine.id}/read").status_code == 405


def test_it_needs_the_csrf_token(client, sign_in_en, participant, mine):
    sign_in_en(participant)
    assert client.post(f"/notifications/{mine.id}/read", data={}, csrf=False).status_code == 400
    assert mine.read_at is None


def test_it_asks_to_sign_in(client, mine):
    response = client.post(f"/notifications/{mine.id}/read", data={})
    assert response.location.startswith("/sign-in")
    assert mine.read_at is None


def test_read_all_marks_only_mine(client, db, sign_in_en, participant, outsider,
                                  make_notification):
    own = [make_notification(participant, kind) for kind in ("plan_approved", "plan_endorsed")]
    theirs = make_notification(outsider)
    db.session.flush()
    sign_in_en(participant)
    response = client.post("/notifications/read-all", data={})
    assert response.location == "/notifications"
    assert all(n.read_at is not None for n in own)
    assert theirs.read_at is None
    assert "All notifications are marked as read." in client.get("/notifications").text


def test_read_all_needs_the_csrf_token(client, sign_in_en, participant, mine):
    sign_in_en(participant)
    assert client.post("/notifications/read-all", data={}, csrf=False).status_code == 400
    assert mine.read_at is None

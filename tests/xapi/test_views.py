"""The administrator's page of learning records: counts, the statements, sending, download."""
import json

import pytest
from sqlalchemy import select

from app.content.models import Activity
from app.learning.models import Completion

PAGE = "/admin/learning-records"


def complete_two_lessons(db, enrollment):
    for slug in ("m1-lesson-1", "m1-lesson-2"):
        activity = db.session.scalar(select(Activity).filter_by(slug=slug).limit(1))
        db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id))
    db.session.commit()


@pytest.fixture
def two_completions(db, enrollment):
    complete_two_lessons(db, enrollment)


@pytest.mark.parametrize("url, method", [
    (PAGE, "get"), (PAGE + ".json", "get"), (PAGE + ".json?unsent=1", "get"),
    (PAGE + "/send", "post")])
@pytest.mark.parametrize("who", ["participant", "organiser", "coach"])
def test_only_administrators_see_or_send_learning_records(client, sign_in, request, url,
                                                          method, who):
    sign_in(request.getfixturevalue(who))
    assert getattr(client, method)(url, data={}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302
    assert client.get(PAGE + ".json").status_code == 302


def test_the_page_lists_statements_and_counts_without_an_lrs(
        client, sign_in_en, admin, no_lrs, two_completions, count_queries):
    sign_in_en(admin)
    with count_queries() as queries:
        page = client.get(PAGE).text
    assert "No Learning Record Store is configured" in page
    assert "0 sent" in page and "2 waiting" in page and "0 failing" in page
    assert page.count("Dewi Participant") == 2 and "Lesson 1.2" in page
    assert page.index("Lesson 1.2") < page.index("Lesson 1.1")  # newest first
    assert "Send now" not in page
    assert len(queries) <= 6  # user, roles, page, count, statements, counts


def test_the_page_shows_failures_and_send_now_delivers(
        client, sign_in_en, admin, lrs, db, enrollment):
    lrs.stop()
    complete_two_lessons(db, enrollment)
    sign_in_en(admin)
    page = client.get(PAGE).text
    assert f"Statements are sent to the Learning Record Store at {lrs.endpoint}" in page
    assert "2 failing" in page and "ConnectionError" in page
    lrs.start()
    response = client.post(PAGE + "/send", data={})
    assert response.status_code == 302 and response.location.endswith(PAGE)
    assert "2 statements sent." in client.get(PAGE).text
    assert len(lrs.statements) == 2


def test_send_now_needs_a_csrf_token(client, sign_in, admin, lrs):
    sign_in(admin)
    assert client.post(PAGE + "/send", data={}, csrf=False).status_code == 400


def test_the_json_download_is_an_attachment_of_the_statements(
        client, sign_in, admin, no_lrs, two_completions, db):
    sign_in(admin)
    response = client.get(PAGE + ".json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=learning-records.json")
    statements = json.loads(response.data)
    assert [s["object"]["id"][-11:] for s in statements] == ["m1-lesson-1", "m1-lesson-2"]
    response = client.get(PAGE + ".json?unsent=1")
    assert len(json.loads(response.data)) == 2
    assert "learning-records-unsent.json" in response.headers["Content-Disposition"]

"""GET/POST /notifications/preferences: which notifications I also get by email."""
from sqlalchemy import select

from app.notifications.models import EmailOptOut
from app.notifications.services import NOTIFICATION_KINDS


def opted_out(db, user):
    return set(db.session.scalars(select(EmailOptOut.kind).filter_by(user_id=user.id)))


def choices(*kinds):
    return {kind: "y" for kind in kinds}


def test_every_kind_is_emailed_by_default(client, sign_in_en, participant):
    sign_in_en(participant)
    page = client.get("/notifications/preferences").text
    for kind in NOTIFICATION_KINDS:
        assert f'<input checked class="form-check-input" id="{kind}" name="{kind}" ' in page
        assert f'<label class="form-check-label" for="{kind}">' in page
    assert '<label class="form-check-label" for="milestone_due">Milestone due soon</label>' in page
    assert page.count("checked") == len(NOTIFICATION_KINDS)


def test_unticked_kinds_are_no_longer_emailed(client, db, sign_in_en, participant, outsider):
    sign_in_en(participant)
    wanted = set(NOTIFICATION_KINDS) - {"milestone_due", "session_tomorrow"}
    response = client.post("/notifications/preferences", data=choices(*wanted))
    assert response.location == "/notifications/preferences"
    assert opted_out(db, participant) == {"milestone_due", "session_tomorrow"}
    assert opted_out(db, outsider) == set()
    page = client.get("/notifications/preferences").text
    assert "Your email choices are saved." in page
    assert page.count("checked") == len(wanted)


def test_ticking_again_brings_the_email_back(client, db, sign_in_en, participant):
    sign_in_en(participant)
    client.post("/notifications/preferences", data=choices("plan_approved"))
    client.post("/notifications/preferences", data=choices(*NOTIFICATION_KINDS))
    assert opted_out(db, participant) == set()


def test_an_opt_out_chosen_here_stops_that_email(client, db, smtp_server, sign_in_en,
                                                 participant, make_notification):
    sign_in_en(participant)
    client.post("/notifications/preferences",
                data=choices(*(set(NOTIFICATION_KINDS) - {"feedback_received"})))
    make_notification(participant)
    make_notification(participant, "plan_approved")
    db.session.commit()
    assert len(smtp_server.messages) == 1
    assert "approved your action plan" in smtp_server.messages[0].get_body(
        ("plain",)).get_content()


def test_it_needs_the_csrf_token(client, db, sign_in_en, participant):
    sign_in_en(participant)
    response = client.post("/notifications/preferences", data={}, csrf=False)
    assert response.status_code == 400
    assert opted_out(db, participant) == set()


def test_it_asks_to_sign_in(client):
    assert client.get("/notifications/preferences").location.startswith("/sign-in")

"""Personal access tokens: made and revoked in the account, shown once, kept hashed, and the
only way into the API."""
import re
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.api.models import ApiToken
from app.api.tokens import create_token, digest, record_use
from tests.api.conftest import assert_problem


def make_token_on_the_page(client, scope="read", valid_days="90"):
    response = client.post("/account/tokens", data={
        "name": "SIMPEG sync", "scope": scope, "valid_days": valid_days})
    assert response.status_code == 200
    return re.search(r'id="new-token" type="text" readonly value="(mdg_[^"]+)"',
                     response.get_data(as_text=True)).group(1)


def test_a_token_is_shown_once_and_only_its_digest_is_stored(client, sign_in_en, organiser, db):
    sign_in_en(organiser)
    token = make_token_on_the_page(client)
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == organiser.id))
    assert stored.digest == digest(token) and token not in (stored.digest, stored.prefix)
    assert stored.scope == "read" and stored.name == "SIMPEG sync"
    assert (stored.expires_at - stored.created_at).days == 90
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "SIMPEG sync" in listing and token not in listing and stored.prefix in listing


def test_the_token_made_on_the_page_opens_the_api(client, sign_in_en, organiser, program):
    sign_in_en(organiser)
    token = make_token_on_the_page(client)
    response = client.get("/api/v1/programs", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and len(response.get_json()) == 1


def test_a_revoked_token_stops_working_at_once(client, sign_in_en, organiser, db):
    sign_in_en(organiser)
    token = make_token_on_the_page(client)
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == organiser.id))
    response = client.post(f"/account/tokens/{token_id}/revoke", data={}, follow_redirects=True)
    assert "no longer works" in response.get_data(as_text=True)
    body = assert_problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}),
                          401)
    assert "token" in body["detail"]


def test_nobody_revokes_someone_elses_token(client, sign_in_en, organiser, participant, db):
    _api_token, token = create_token(participant, "Mine", "read")
    db.session.flush()
    sign_in_en(organiser)
    client.post(f"/account/tokens/{_api_token.id}/revoke", data={})
    assert db.session.get(ApiToken, _api_token.id).revoked_at is None


def test_revoking_needs_the_forms_csrf_token(client, sign_in_en, organiser, db):
    api_token, _token = create_token(organiser, "Mine", "read")
    db.session.flush()
    sign_in_en(organiser)
    response = client.post(f"/account/tokens/{api_token.id}/revoke", data={}, csrf=False)
    assert response.status_code == 400
    assert db.session.get(ApiToken, api_token.id).revoked_at is None


def test_the_token_pages_need_a_signed_in_user(client):
    assert client.get("/account/tokens").status_code == 302


def test_a_token_without_a_name_is_refused(client, sign_in_en, organiser, db):
    sign_in_en(organiser)
    response = client.post("/account/tokens", data={"name": "", "scope": "read",
                                                    "valid_days": "30"})
    assert response.status_code == 422
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == organiser.id)) is None


def test_an_expired_token_is_refused(client, organiser, db):
    api_token, token = create_token(organiser, "Old", "read", valid_days=30)
    api_token.expires_at = clock.now() - timedelta(seconds=1)
    db.session.flush()
    response = client.get("/api/v1/programs", headers={"Authorization": f"Bearer {token}"})
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_deactivated_users_tokens_stop_working(client, organiser, db):
    _api_token, token = create_token(organiser, "Mine", "read")
    organiser.active = False
    db.session.flush()
    assert_problem(client.get("/api/v1/programs",
                              headers={"Authorization": f"Bearer {token}"}), 401)


def test_a_read_only_token_may_not_write(api_as, organiser, cohort):
    response = api_as(organiser, "read").post(f"/api/v1/cohorts/{cohort.id}/enrollments",
                                              json={"enrollments": []})
    body = assert_problem(response, 403)
    assert "only read" in body["detail"]


def test_the_session_cookie_does_not_open_the_api(client, sign_in_en, organiser):
    sign_in_en(organiser)
    response = client.get("/api/v1/programs")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="madangan"'


def test_using_a_token_records_when_it_was_last_used(api_as, organiser, db):
    caller = api_as(organiser)
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == organiser.id))
    assert stored.last_used_at is None
    caller.get("/api/v1/programs")
    db.session.refresh(stored)
    assert stored.last_used_at is not None


def test_the_latest_use_is_kept_whichever_job_records_it_first(db, organiser):
    api_token, _token = create_token(organiser, "Dashboard", "read")
    earlier, later = clock.now(), clock.now() + timedelta(minutes=30)
    record_use(api_token.id, later.isoformat())
    record_use(api_token.id, earlier.isoformat())
    db.session.refresh(api_token)
    assert api_token.last_used_at == later

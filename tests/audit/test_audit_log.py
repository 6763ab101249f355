"""The administrator's audit log: security-relevant actions are recorded, and nothing can
change or remove an event once written."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.audit.models import AuditEvent
from app.audit.services import AuditLogIsAppendOnly, record_event
from tests.conftest import PASSWORD


def actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_account_and_role_changes_are_recorded_with_who_did_them(
        client, sign_in, db, admin, organisation, participant):
    sign_in(admin)
    client.post("/admin/users/new", data={
        "name": "Siti Rahma", "email": "siti@madangan.example", "locale": "id",
        "roles": ["coach", "participant"], "organisation_id": "0",
        "password": "a-long-password"})
    client.post(f"/admin/organisations/{organisation.id}/organisers",
                data={"email": participant.email})
    client.post(f"/admin/organisations/{organisation.id}/organisers/{participant.id}/remove",
                data={})
    client.post(f"/admin/users/{participant.id}/active", data={})
    client.post(f"/admin/users/{participant.id}/active", data={})
    recorded = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.startswith("account.") | AuditEvent.action.startswith("organiser."))
        .order_by(AuditEvent.id)).all()
    assert [e.action for e in recorded] == ["account.created", "organiser.added",
                                            "organiser.removed", "account.deactivated",
                                            "account.reactivated"]
    assert {e.actor_id for e in recorded} == {admin.id}
    assert recorded[0].details["roles"] == ["coach", "participant"]
    assert recorded[1].organisation_id == organisation.id


def test_the_admin_reads_every_kind_and_filters_by_one(client, sign_in_en, db, admin,
                                                       participant, cohort):
    client.post("/sign-in", data={"email": participant.email, "password": "wrong guess"})
    record_event(admin, "cohort.updated", cohort=cohort)
    db.session.flush()
    sign_in_en(admin)
    everything = client.get("/admin/audit")
    assert everything.status_code == 200
    assert f"A sign-in as {participant.email} failed" in everything.text
    assert "Changed the round&#39;s details" in everything.text
    sign_ins = client.get("/admin/audit?kind=sign-in").text
    assert "failed" in sign_ins and "Changed the round" not in sign_ins
    assert client.get("/admin/audit?kind=nonsense").status_code == 200  # shows everything


@pytest.mark.parametrize("who", ["organiser", "coach", "participant"])
def test_only_the_admin_reads_the_whole_log(request, client, sign_in, who):
    sign_in(request.getfixturevalue(who))
    assert client.get("/admin/audit").status_code == 403


def test_roles_in_the_log_are_shown_in_the_readers_language(client, sign_in, db, admin):
    record_event(admin, "account.created", name="Siti", email="siti@madangan.example",
                 roles=["coach", "participant"])
    db.session.flush()
    sign_in(admin)  # reads Indonesian
    text = client.get("/admin/audit?kind=accounts").text
    assert "Peserta" in text and "participant" not in text  # labels, not codes


def test_an_event_cannot_be_changed(db, admin):
    event = record_event(admin, "auth.password_changed", name=admin.name)
    event.details = {"name": "someone else"}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_an_event_cannot_be_deleted(db, admin):
    event = record_event(admin, "auth.password_changed", name=admin.name)
    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_no_address_of_the_app_writes_to_the_log_directly(app):
    """Events come only from the actions they record: no route edits or deletes them, and the
    API has no audit resource at all."""
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods & {"POST", "PUT", "PATCH", "DELETE"} == set(), rule.rule
            assert not rule.rule.startswith("/api/"), rule.rule


def test_a_password_reset_and_a_failed_sign_in_leave_their_address(client, db, participant):
    client.post("/sign-in", data={"email": participant.email, "password": "wrong guess"},
                environ_base={"REMOTE_ADDR": "203.0.113.9"})
    client.post("/password/forgot", data={"email": participant.email},
                environ_base={"REMOTE_ADDR": "203.0.113.9"})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.startswith("auth."))
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.details["address"]) for e in events] == [
        ("auth.sign_in_failed", "203.0.113.9"), ("auth.password_reset_sent", "203.0.113.9")]
    assert PASSWORD not in str([e.details for e in events])


def refused_by_the_database(db, statement):
    """Run `statement` outside the ORM, in a savepoint; the database's refusal, or None."""
    try:
        with db.session.begin_nested():
            db.session.execute(statement)
    except DBAPIError as error:
        return str(error.orig)
    return None


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET details = '{}' WHERE id = :id",
    "UPDATE audit_event SET action = 'auth.signed_in' WHERE id = :id",
    "UPDATE audit_event SET actor_id = NULL WHERE id = :id",
    "DELETE FROM audit_event WHERE id = :id",
])
def test_the_database_itself_refuses_to_rewrite_an_event(db, admin, organisation, statement):
    """Whoever connects, with SQL rather than the app: the triggers of migration c803e8469d12."""
    event = record_event(admin, "auth.password_changed", name=admin.name,
                         organisation_id=organisation.id)
    refusal = refused_by_the_database(db, text(statement).bindparams(id=event.id))
    assert refusal and "append-only" in refusal
    db.session.expire_all()
    kept = db.session.get(AuditEvent, event.id)
    assert (kept.action, kept.actor_id, kept.details) == (
        "auth.password_changed", admin.id, {"name": admin.name})


def test_the_database_refuses_to_empty_the_log(db, admin):
    record_event(admin, "auth.password_changed", name=admin.name)
    statement = ("TRUNCATE audit_event" if db.engine.dialect.name == "postgresql"
                 else "DELETE FROM audit_event")
    assert "append-only" in refused_by_the_database(db, text(statement))
    assert actions(db) == ["auth.password_changed"]


def test_a_deleted_account_leaves_its_events_unattributed(db, make_user, organisation):
    """The one change the database makes itself: its foreign key sets the actor to NULL."""
    leaving = make_user(roles=(), name="Budi Pindah")
    event = record_event(leaving, "auth.password_changed", name="Budi Pindah",
                         organisation_id=organisation.id)
    assert refused_by_the_database(
        db, text('DELETE FROM "user" WHERE id = :id').bindparams(id=leaving.id)) is None
    db.session.expire_all()
    kept = db.session.get(AuditEvent, event.id)
    assert (kept.actor_id, kept.details) == (None, {"name": "Budi Pindah"})


def test_a_deleted_organisation_takes_its_log_with_it(db, admin, make_organisation):
    closing = make_organisation()
    record_event(admin, "auth.password_changed", name=admin.name, organisation_id=closing.id)
    assert refused_by_the_database(
        db, text("DELETE FROM organisation WHERE id = :id").bindparams(id=closing.id)) is None
    assert actions(db) == []

"""Sign-in guessing is slowed per address and per account, and every failure is audited."""
from app.audit.models import AuditEvent
from tests.conftest import PASSWORD


def attempt(client, email, password="a wrong guess", address="192.0.2.10"):
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


def test_failures_for_one_account_are_limited_from_any_address(client, app, participant):
    limit = int(app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"].split()[0])
    statuses = [attempt(client, participant.email, address=f"192.0.2.{n}")
                for n in range(limit + 1)]
    assert statuses == [200] * limit + [429]
    # Even the right password waits now, from yet another address; other accounts do not.
    assert attempt(client, participant.email, PASSWORD, address="198.51.100.1") == 429
    assert attempt(client, "someone.else@madangan.example", address="198.51.100.2") == 200


def test_successful_sign_ins_do_not_count_against_the_account(client, app, participant):
    limit = int(app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"].split()[0])
    for n in range(limit + 2):
        assert attempt(client, participant.email, PASSWORD, address=f"192.0.2.{n}") == 302
        client.post("/sign-out", data={}, environ_base={"REMOTE_ADDR": f"192.0.2.{n}"})


def test_each_failure_is_in_the_audit_log_with_its_address(client, db, participant):
    attempt(client, participant.email, address="203.0.113.7")
    attempt(client, "ghost@madangan.example", address="203.0.113.8")
    events = db.session.scalars(db.select(AuditEvent).filter_by(
        action="auth.sign_in_failed").order_by(AuditEvent.id)).all()
    assert [(e.details["email"], e.details["address"]) for e in events] == [
        (participant.email, "203.0.113.7"), ("ghost@madangan.example", "203.0.113.8")]
    assert all(e.actor_id is None for e in events)

"""The audit log is append-only in the database itself: triggers refuse to change or delete an
event, whoever connects (the app's ORM guard only covers the app)

Two changes stay possible, both made by the database's own foreign keys: an account or round
that is deleted leaves its events unattributed (SET NULL), and an organisation that is deleted
takes its log with it (CASCADE). A later migration that rebuilds audit_event on SQLite (batch
mode copies the table) must create these triggers again.

Revision ID: c803e8469d12
Revises: 9e372563a08c
Create Date: 2026-12-07 07:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c803e8469d12'
down_revision = '9e372563a08c'
branch_labels = None
depends_on = None

MESSAGE = "audit_event is append-only: a recorded event cannot be changed or deleted"

POSTGRESQL = [
    f"""
    CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.organisation_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM organisation WHERE id = OLD.organisation_id) THEN
                RETURN OLD;
            END IF;
        ELSIF TG_OP = 'UPDATE'
                AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
                AND NEW.details::text = OLD.details::text
                AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
                AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
                     OR (NEW.actor_id IS NULL
                         AND NOT EXISTS (SELECT 1 FROM "user" WHERE id = OLD.actor_id)))
                AND (NEW.cohort_id IS NOT DISTINCT FROM OLD.cohort_id
                     OR (NEW.cohort_id IS NULL
                         AND NOT EXISTS (SELECT 1 FROM cohort WHERE id = OLD.cohort_id))) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
    """,
    """
    CREATE TRIGGER audit_event_not_truncated BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
    """,
]

SQLITE = [
    f"""
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    WHEN NOT (NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
              AND NEW.details IS OLD.details
              AND NEW.organisation_id IS OLD.organisation_id
              AND (NEW.actor_id IS OLD.actor_id
                   OR (NEW.actor_id IS NULL
                       AND NOT EXISTS (SELECT 1 FROM "user" WHERE id = OLD.actor_id)))
              AND (NEW.cohort_id IS OLD.cohort_id
                   OR (NEW.cohort_id IS NULL
                       AND NOT EXISTS (SELECT 1 FROM cohort WHERE id = OLD.cohort_id))))
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,
    f"""
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    WHEN OLD.organisation_id IS NULL
         OR EXISTS (SELECT 1 FROM organisation WHERE id = OLD.organisation_id)
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,
]


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_not_truncated ON audit_event")
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION audit_event_append_only()")
    else:
        op.execute("DROP TRIGGER audit_event_no_delete")
        op.execute("DROP TRIGGER audit_event_no_update")

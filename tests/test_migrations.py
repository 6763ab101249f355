"""The schema comes only from the migrations, and they agree with the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db as _db


def test_models_and_migrations_agree(db):
    context = MigrationContext.configure(db.session.connection(), opts={"compare_type": True})
    differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_stored_passwords_are_hashes(db, participant):
    assert participant.password_hash.startswith("scrypt:")

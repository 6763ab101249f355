"""The schema comes only from the migrations: they agree with the models, carry the data
they load, and run down as well as up."""
import ast
import json
from pathlib import Path

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect, select, text

from app import create_app
from app.extensions import db as _db
from tests import conftest

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"
READERS = {"app", "csv", "json", "pathlib", "tomllib", "importlib"}


def test_models_and_migrations_agree(db):
    context = MigrationContext.configure(db.session.connection(), opts={"compare_type": True})
    differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_stored_passwords_are_hashes(db, participant):
    assert participant.password_hash.startswith("scrypt:")


def test_every_revision_carries_the_data_it_needs():
    """A revision reads no file and imports nothing of the app, so replaying history from an
    empty database gives the same rows whatever app/ has become since."""
    for path in sorted(VERSIONS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                modules = []
            assert not [m for m in modules if m.split(".")[0] in READERS], (path.name, modules)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path.name} opens a file"


def described(reflected):
    """Reflected keys or indexes as sorted text (a partial index's WHERE clause included)."""
    return sorted(json.dumps(item, default=str, sort_keys=True) for item in reflected)


def schema_and_rows(database_url):
    """Each table's columns, keys, indexes and constraints and every row; the triggers and
    (on PostgreSQL) functions."""
    engine = create_engine(database_url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            inspector = inspect(connection)
            postgresql = engine.dialect.name == "postgresql"
            triggers = connection.execute(text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal UNION ALL "
                "SELECT proname FROM pg_proc JOIN pg_namespace ON pg_namespace.oid = pronamespace "
                "WHERE nspname = 'public' ORDER BY 1" if postgresql else
                "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).all()
            return {
                "triggers and functions": [name for (name,) in triggers],
                **{table.name: {
                    "columns": [(c["name"], str(c["type"]), c["nullable"], str(c["default"]))
                                for c in inspector.get_columns(table.name)],
                    "primary key": inspector.get_pk_constraint(table.name),
                    "foreign keys": described(inspector.get_foreign_keys(table.name)),
                    "indexes": described(inspector.get_indexes(table.name)),
                    "unique": described(inspector.get_unique_constraints(table.name)),
                    "checks": described(inspector.get_check_constraints(table.name)),
                    "rows": [tuple(row) for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns))],
                } for table in metadata.sorted_tables if table.name != "alembic_version"},
            }
    finally:
        engine.dispose()


def test_every_downgrade_runs_and_history_replays_identically(tmp_path_factory):
    """Upgrade an empty database to the head, downgrade it revision by revision to nothing,
    upgrade again: the same schema and the same reference rows."""
    database_url = conftest.live_database_url(tmp_path_factory, "migrations")
    app = create_app(conftest.testing_config(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        _db.engine.dispose()
        first = schema_and_rows(database_url)
        assert len(first["region"]["rows"]) == 552  # 38 provinces, 514 regencies and cities
        flask_migrate.downgrade(revision="base")  # each revision's downgrade, newest first
        _db.engine.dispose()
        assert schema_and_rows(database_url) == {"triggers and functions": []}
        flask_migrate.upgrade()
        _db.engine.dispose()
    assert schema_and_rows(database_url) == first

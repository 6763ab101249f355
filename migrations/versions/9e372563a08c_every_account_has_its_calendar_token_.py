"""Every account has its calendar token from the start: a GET never makes one

Revision ID: 9e372563a08c
Revises: 2df75e1f06c7
Create Date: 2026-12-07 02:05:35.748537

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e372563a08c'
down_revision = '2df75e1f06c7'
branch_labels = None
depends_on = None


user = sa.table("user", sa.column("id", sa.Integer), sa.column("calendar_token", sa.String))


def upgrade():
    # The column stays nullable: making it NOT NULL would rebuild the user table on SQLite,
    # and dropping the old one would cascade into every row that refers to an account. New
    # accounts get their token from the model's default.
    connection = op.get_bind()
    missing = connection.execute(sa.select(user.c.id).where(user.c.calendar_token.is_(None)))
    for (user_id,) in missing.all():
        connection.execute(user.update().where(user.c.id == user_id)
                           .values(calendar_token=secrets.token_urlsafe(32)))


def downgrade():
    pass  # tokens made here are as good as those made on a first visit before

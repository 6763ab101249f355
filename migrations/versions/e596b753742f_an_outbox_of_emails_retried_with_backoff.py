"""An outbox of emails, retried with backoff: every email the app sends is a row written in
the transaction that causes it, kept until it is sent or given up

Revision ID: e596b753742f
Revises: c803e8469d12
Create Date: 2026-12-07 11:28:16.354582

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e596b753742f'
down_revision = 'c803e8469d12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_email',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'given_up')", name=op.f('ck_outgoing_email_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_email'))
    )
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_email_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_outgoing_email_due', ['status', 'next_attempt_at'], unique=False)



def downgrade():
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_email_due')
        batch_op.drop_index(batch_op.f('ix_outgoing_email_created_at'))

    op.drop_table('outgoing_email')

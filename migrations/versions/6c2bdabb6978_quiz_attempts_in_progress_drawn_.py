"""Quiz attempts in progress, drawn questions and time limits; round overrides and extra
attempts. The attempts already made become submitted attempts, numbered in the order they
were made, started when they were submitted.

Revision ID: 6c2bdabb6978
Revises: e596b753742f
Create Date: 2026-12-07 15:09:50.215147

"""
from alembic import op
import sqlalchemy as sa


quiz_attempt = sa.table("quiz_attempt", sa.column("id", sa.Integer),
                        sa.column("status", sa.String), sa.column("number", sa.Integer))


# revision identifiers, used by Alembic.
revision = '6c2bdabb6978'
down_revision = 'e596b753742f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quiz_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_quiz_override_activity_id_activity'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_quiz_override_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_quiz_override_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_override')),
    sa.UniqueConstraint('cohort_id', 'activity_id', name=op.f('uq_quiz_override_cohort_id_activity_id'))
    )
    with op.batch_alter_table('quiz_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_override_activity_id'), ['activity_id'], unique=False)

    op.create_table('extra_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_extra_attempt_activity_id_activity'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_extra_attempt_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user.id'], name=op.f('fk_extra_attempt_granted_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extra_attempt'))
    )
    with op.batch_alter_table('extra_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extra_attempt_activity_id'), ['activity_id'], unique=False)

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('questions', sa.JSON(), nullable=True))
    op.execute("""
        UPDATE quiz_attempt SET status = 'submitted', started_at = submitted_at,
          number = (SELECT COUNT(*) FROM quiz_attempt AS earlier
                    WHERE earlier.enrollment_id = quiz_attempt.enrollment_id
                      AND earlier.activity_id = quiz_attempt.activity_id
                      AND (earlier.submitted_at < quiz_attempt.submitted_at
                           OR (earlier.submitted_at = quiz_attempt.submitted_at
                               AND earlier.id <= quiz_attempt.id)))
    """)
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('status', existing_type=sa.String(length=12), nullable=False)
        batch_op.alter_column('started_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.alter_column('score', existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column('passed', existing_type=sa.BOOLEAN(), nullable=True)
        batch_op.alter_column('submitted_at', existing_type=sa.DateTime(timezone=True),
                              nullable=True)
        batch_op.create_check_constraint(
            'status_known', "status IN ('in_progress', 'submitted', 'timed_out')")
        batch_op.create_check_constraint(
            'submitted_when_ended', "(status = 'in_progress') = (submitted_at IS NULL)")
        batch_op.create_check_constraint(
            'scored_when_ended', "(status = 'in_progress') = (score IS NULL)")
        batch_op.create_index('ix_quiz_attempt_one_in_progress', ['enrollment_id', 'activity_id'], unique=True, sqlite_where=sa.text("status = 'in_progress'"), postgresql_where=sa.text("status = 'in_progress'"))
        batch_op.create_unique_constraint(batch_op.f('uq_quiz_attempt_enrollment_id_activity_id_number'), ['enrollment_id', 'activity_id', 'number'])



def downgrade():
    # An attempt in progress has no score, which the older schema cannot hold.
    op.execute(quiz_attempt.delete().where(quiz_attempt.c.status == 'in_progress'))
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_quiz_attempt_enrollment_id_activity_id_number'), type_='unique')
        batch_op.drop_index('ix_quiz_attempt_one_in_progress', sqlite_where=sa.text("status = 'in_progress'"), postgresql_where=sa.text("status = 'in_progress'"))
        batch_op.drop_constraint(batch_op.f('ck_quiz_attempt_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_quiz_attempt_submitted_when_ended'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_quiz_attempt_scored_when_ended'), type_='check')
        batch_op.alter_column('submitted_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.alter_column('passed', existing_type=sa.BOOLEAN(), nullable=False)
        batch_op.alter_column('score', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('questions')
        batch_op.drop_column('due_at')
        batch_op.drop_column('started_at')
        batch_op.drop_column('status')
        batch_op.drop_column('number')

    with op.batch_alter_table('extra_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extra_attempt_activity_id'))

    op.drop_table('extra_attempt')
    with op.batch_alter_table('quiz_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_override_activity_id'))

    op.drop_table('quiz_override')

"""The action-plan seminar: examiners, rubric scores, published results and their predicate;
the agenda's seminar sessions and the examiner's role in a round

Revision ID: 9abe7a3a8851
Revises: 6c2bdabb6978
Create Date: 2026-12-07 15:19:31.701641

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9abe7a3a8851'
down_revision = '6c2bdabb6978'
branch_labels = None
depends_on = None

ROLES = "'participant', 'mentor', 'coach', 'observer'"
KINDS = "'lecture', 'site_visit', 'forum', 'coaching_clinic'"


def upgrade():
    op.create_table('seminar_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('criterion_weights', sa.JSON(), nullable=False),
    sa.Column('examiner_weight', sa.Integer(), nullable=False),
    sa.Column('coach_weight', sa.Integer(), nullable=False),
    sa.Column('mentor_weight', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('examiner_weight + coach_weight + mentor_weight = 100', name=op.f('ck_seminar_settings_role_weights_total')),
    sa.CheckConstraint('examiner_weight BETWEEN 0 AND 100 AND coach_weight BETWEEN 0 AND 100 AND mentor_weight BETWEEN 0 AND 100', name=op.f('ck_seminar_settings_role_weights_percent')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_seminar_settings_cohort_id_cohort'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_settings')),
    sa.UniqueConstraint('cohort_id', name=op.f('uq_seminar_settings_cohort_id'))
    )
    op.create_table('seminar_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('final_score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('predicate', sa.String(length=40), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('final_score BETWEEN 0 AND 100', name=op.f('ck_seminar_result_final_percent')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_seminar_result_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_seminar_result_published_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_result')),
    sa.UniqueConstraint('enrollment_id', name=op.f('uq_seminar_result_enrollment_id'))
    )
    op.create_table('seminar_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('scorer_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('total', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('examiner', 'coach', 'mentor')", name=op.f('ck_seminar_score_role_known')),
    sa.CheckConstraint('total BETWEEN 0 AND 100', name=op.f('ck_seminar_score_total_percent')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_seminar_score_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scorer_id'], ['user.id'], name=op.f('fk_seminar_score_scorer_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_score')),
    sa.UniqueConstraint('enrollment_id', 'role', name=op.f('uq_seminar_score_enrollment_id_role')),
    sa.UniqueConstraint('enrollment_id', 'scorer_id', name=op.f('uq_seminar_score_enrollment_id_scorer_id'))
    )
    with op.batch_alter_table('seminar_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_score_scorer_id'), ['scorer_id'], unique=False)

    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('examiner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_enrollment_examiner_id'), ['examiner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_enrollment_examiner_id_user'), 'user', ['examiner_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_enrollment_role_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_enrollment_role_known'), f"role IN ({ROLES}, 'examiner')")

    with op.batch_alter_table('cohort_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_cohort_session_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_cohort_session_kind_known'), f"kind IN ({KINDS}, 'seminar')")

    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seminar_predicate', sa.String(length=200), nullable=False, server_default=''))

    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_seminar', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('min_seminar_predicate', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('certificate_shows_predicate', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('seminar_predicate')

    # Examiners leave the rounds and seminar sessions the agendas before the constraints lose them.
    op.execute("DELETE FROM enrollment WHERE role = 'examiner'")
    op.execute("DELETE FROM cohort_session WHERE kind = 'seminar'")
    with op.batch_alter_table('cohort_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_cohort_session_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_cohort_session_kind_known'), f"kind IN ({KINDS})")

    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.drop_column('certificate_shows_predicate')
        batch_op.drop_column('min_seminar_predicate')
        batch_op.drop_column('requires_seminar')

    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrollment_examiner_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_enrollment_examiner_id'))
        batch_op.drop_column('examiner_id')
        batch_op.drop_constraint(batch_op.f('ck_enrollment_role_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_enrollment_role_known'), f"role IN ({ROLES})")

    with op.batch_alter_table('seminar_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_score_scorer_id'))

    op.drop_table('seminar_score')
    op.drop_table('seminar_result')
    op.drop_table('seminar_settings')

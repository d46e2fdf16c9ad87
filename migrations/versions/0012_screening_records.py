"""Screening records: stored runs, rows, hits, decisions on hits, and API tokens (issue 11).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('screening_runs',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('matcher_version', sa.JSON(), nullable=False),
    sa.Column('list_versions', sa.JSON(), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('job_id', sa.String(length=40), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_screening_runs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_runs'))
    )
    with op.batch_alter_table('screening_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_runs_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_runs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_runs_job_id'), ['job_id'], unique=False)

    op.create_table('screening_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('input', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('client_key', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['screening_runs.id'], name=op.f('fk_screening_rows_run_id_screening_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_rows'))
    )
    with op.batch_alter_table('screening_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_rows_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_rows_client_key'), ['client_key'], unique=False)

    op.create_table('screening_hits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('subject_key', sa.String(length=100), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('subject', sa.JSON(), nullable=False),
    sa.Column('measures', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['screening_runs.id'], name=op.f('fk_screening_hits_run_id_screening_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['row_id'], ['screening_rows.id'], name=op.f('fk_screening_hits_row_id_screening_rows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_hits'))
    )
    with op.batch_alter_table('screening_hits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_hits_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_hits_row_id'), ['row_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_hits_subject_key'), ['subject_key'], unique=False)

    op.create_table('hit_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=400), nullable=False),
    sa.Column('subject_key', sa.String(length=100), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=True),
    sa.Column('hit_id', sa.Integer(), nullable=True),
    sa.Column('confirms_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_hit_decisions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hit_decisions'))
    )
    with op.batch_alter_table('hit_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hit_decisions_client_key'), ['client_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_hit_decisions_subject_key'), ['subject_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_hit_decisions_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hit_decisions_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hit_decisions_confirms_id'), ['confirms_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('api_tokens')
    op.drop_table('hit_decisions')
    op.drop_table('screening_hits')
    op.drop_table('screening_rows')
    op.drop_table('screening_runs')

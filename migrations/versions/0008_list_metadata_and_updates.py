"""Per-list data dates (list_metadata) and every update attempt (list_updates).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 08:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('list_metadata',
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('data_date', sa.Date(), nullable=True),
    sa.Column('data_date_basis', sa.String(length=16), nullable=True),
    sa.Column('file_name', sa.String(length=300), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('source', name=op.f('pk_list_metadata'))
    )
    op.create_table('list_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('bytes', sa.BigInteger(), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('validators', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_updates'))
    )
    with op.batch_alter_table('list_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_updates_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_list_updates_source'), ['source'], unique=False)


def downgrade():
    with op.batch_alter_table('list_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_updates_source'))
        batch_op.drop_index(batch_op.f('ix_list_updates_outcome'))
    op.drop_table('list_updates')
    op.drop_table('list_metadata')

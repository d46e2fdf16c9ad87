"""Links between designations of different lists that are the same subject (subject_links, subject_members).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:14:15.058934

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('subject_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_a_id', sa.Integer(), nullable=False),
    sa.Column('designation_b_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['designation_a_id'], ['designations.id'], name=op.f('fk_subject_links_designation_a_id_designations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['designation_b_id'], ['designations.id'], name=op.f('fk_subject_links_designation_b_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_links')),
    sa.UniqueConstraint('designation_a_id', 'designation_b_id', name='uq_subject_links_pair')
    )
    with op.batch_alter_table('subject_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subject_links_designation_a_id'), ['designation_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_links_designation_b_id'), ['designation_b_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_links_status'), ['status'], unique=False)

    op.create_table('subject_members',
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_subject_members_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('designation_id', name=op.f('pk_subject_members'))
    )
    with op.batch_alter_table('subject_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subject_members_subject_id'), ['subject_id'], unique=False)




def downgrade():

    with op.batch_alter_table('subject_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subject_members_subject_id'))

    op.drop_table('subject_members')
    with op.batch_alter_table('subject_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subject_links_status'))
        batch_op.drop_index(batch_op.f('ix_subject_links_designation_b_id'))
        batch_op.drop_index(batch_op.f('ix_subject_links_designation_a_id'))

    op.drop_table('subject_links')


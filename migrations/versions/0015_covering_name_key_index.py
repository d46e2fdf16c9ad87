"""The name index's lookup by key covers the name and designation ids (an index-only search).

The candidate query counts key hits per (designation, name) for a query's keys. With
the key index on (key, designation_id) alone, every hit was one more lookup into the
table for its name_id; on (key, designation_id, name_id) the database answers from the
index (SQLite: "USING COVERING INDEX"; about half the CPU time of the query at the full
SDN list). The old index is a prefix of the new one, so it is dropped.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 12:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_name_keys_key_designation_name',
        'name_keys',
        ['key', 'designation_id', 'name_id'],
        unique=False,
    )
    op.drop_index('ix_name_keys_key_designation', table_name='name_keys')


def downgrade():
    op.create_index(
        'ix_name_keys_key_designation', 'name_keys', ['key', 'designation_id'], unique=False
    )
    op.drop_index('ix_name_keys_key_designation_name', table_name='name_keys')

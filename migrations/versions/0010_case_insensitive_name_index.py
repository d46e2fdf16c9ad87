"""An index on lower(primary_name), for browsing by name without regard to case.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 08:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_designations_primary_name_lower',
        'designations',
        [sa.text('lower(primary_name)')],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_designations_primary_name_lower', table_name='designations')

"""Normalised identification numbers, indexed, for search by identifier (issue 17).

identifiers.number_key holds the number with case, spaces, dashes and punctuation
removed; existing rows are filled here with the same rule as
app.matching.identifiers.identifier_key (copied, so this migration keeps meaning what
it meant when it was written).

Revision ID: 0011
Revises: 0010
"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_NOT_ALNUM = re.compile(r"[\W_]+")
_IMO_PREFIX = re.compile(r"^imo(?=\d{7}$)")


def _key(number):
    if not number:
        return ""
    text = unicodedata.normalize("NFKC", number).casefold()
    return _IMO_PREFIX.sub("", _NOT_ALNUM.sub("", text))[:200]


def upgrade():
    with op.batch_alter_table('identifiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number_key', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_identifiers_number_key'), ['number_key'], unique=False)

    bind = op.get_bind()
    identifiers = sa.table(
        'identifiers', sa.column('id', sa.Integer), sa.column('number', sa.String),
        sa.column('number_key', sa.String),
    )
    rows = bind.execute(sa.select(identifiers.c.id, identifiers.c.number)).all()
    updates = [{"row_id": row_id, "key": _key(number)} for row_id, number in rows]
    if updates:
        bind.execute(
            identifiers.update()
            .where(identifiers.c.id == sa.bindparam("row_id"))
            .values(number_key=sa.bindparam("key")),
            updates,
        )


def downgrade():
    with op.batch_alter_table('identifiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identifiers_number_key'))
        batch_op.drop_column('number_key')

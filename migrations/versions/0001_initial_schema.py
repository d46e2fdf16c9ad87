"""Initial schema: designations with their names, facts, measures and programs; the name index.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 22:18:34.946217

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('designations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('primary_name', sa.String(length=500), nullable=False),
    sa.Column('gender', sa.String(length=16), nullable=True),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=True),
    sa.Column('delisted_on', sa.Date(), nullable=True),
    sa.Column('delisting_reason', sa.Text(), nullable=True),
    sa.Column('delisting_reference', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_designations'))
    )
    with op.batch_alter_table('designations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_designations_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_designations_primary_name'), ['primary_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_designations_status'), ['status'], unique=False)

    op.create_table('programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('jurisdiction', sa.String(length=8), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('reference_url', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('default_measures', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs')),
    sa.UniqueConstraint('code', name=op.f('uq_programs_code'))
    )
    op.create_table('addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('city', sa.String(length=300), nullable=True),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_addresses_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addresses'))
    )
    with op.batch_alter_table('addresses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addresses_designation_id'), ['designation_id'], unique=False)

    op.create_table('birth_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=100), nullable=False),
    sa.Column('earliest', sa.Date(), nullable=True),
    sa.Column('latest', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_birth_dates_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_birth_dates'))
    )
    with op.batch_alter_table('birth_dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_birth_dates_designation_id'), ['designation_id'], unique=False)

    op.create_table('birth_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_birth_places_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_birth_places'))
    )
    with op.batch_alter_table('birth_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_birth_places_designation_id'), ['designation_id'], unique=False)

    op.create_table('designation_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('target_name', sa.String(length=500), nullable=False),
    sa.Column('relation', sa.String(length=100), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_designation_links_designation_id_designations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['designations.id'], name=op.f('fk_designation_links_target_id_designations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_designation_links'))
    )
    with op.batch_alter_table('designation_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_designation_links_designation_id'), ['designation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_designation_links_target_id'), ['target_id'], unique=False)

    op.create_table('designation_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=500), nullable=False),
    sa.Column('name_type', sa.String(length=8), nullable=False),
    sa.Column('quality', sa.String(length=8), nullable=False),
    sa.Column('script', sa.String(length=16), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_designation_names_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_designation_names'))
    )
    with op.batch_alter_table('designation_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_designation_names_designation_id'), ['designation_id'], unique=False)

    op.create_table('designation_programs',
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_designation_programs_designation_id_designations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_designation_programs_program_id_programs')),
    sa.PrimaryKeyConstraint('designation_id', 'program_id', name=op.f('pk_designation_programs'))
    )
    op.create_table('identifiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('id_type', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_identifiers_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identifiers'))
    )
    with op.batch_alter_table('identifiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identifiers_designation_id'), ['designation_id'], unique=False)

    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=True),
    sa.Column('measure_type', sa.String(length=64), nullable=False),
    sa.Column('jurisdiction', sa.String(length=8), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_measures_designation_id_designations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_measures_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measures'))
    )
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measures_designation_id'), ['designation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measures_program_id'), ['program_id'], unique=False)

    op.create_table('nationalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_nationalities_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nationalities'))
    )
    with op.batch_alter_table('nationalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nationalities_designation_id'), ['designation_id'], unique=False)

    op.create_table('source_refs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('ref', sa.String(length=100), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('last_imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_source_refs_designation_id_designations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_refs')),
    sa.UniqueConstraint('source', 'ref', name='uq_source_refs_source_ref')
    )
    with op.batch_alter_table('source_refs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_refs_designation_id'), ['designation_id'], unique=False)

    op.create_table('name_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name_id', sa.Integer(), nullable=False),
    sa.Column('designation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['designation_id'], ['designations.id'], name=op.f('fk_name_keys_designation_id_designations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['name_id'], ['designation_names.id'], name=op.f('fk_name_keys_name_id_designation_names'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_name_keys'))
    )
    with op.batch_alter_table('name_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_name_keys_designation_id'), ['designation_id'], unique=False)
        batch_op.create_index('ix_name_keys_key_designation', ['key', 'designation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_name_keys_name_id'), ['name_id'], unique=False)




def downgrade():

    with op.batch_alter_table('name_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_name_keys_name_id'))
        batch_op.drop_index('ix_name_keys_key_designation')
        batch_op.drop_index(batch_op.f('ix_name_keys_designation_id'))

    op.drop_table('name_keys')
    with op.batch_alter_table('source_refs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_refs_designation_id'))

    op.drop_table('source_refs')
    with op.batch_alter_table('nationalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nationalities_designation_id'))

    op.drop_table('nationalities')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measures_program_id'))
        batch_op.drop_index(batch_op.f('ix_measures_designation_id'))

    op.drop_table('measures')
    with op.batch_alter_table('identifiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identifiers_designation_id'))

    op.drop_table('identifiers')
    op.drop_table('designation_programs')
    with op.batch_alter_table('designation_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_designation_names_designation_id'))

    op.drop_table('designation_names')
    with op.batch_alter_table('designation_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_designation_links_target_id'))
        batch_op.drop_index(batch_op.f('ix_designation_links_designation_id'))

    op.drop_table('designation_links')
    with op.batch_alter_table('birth_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_birth_places_designation_id'))

    op.drop_table('birth_places')
    with op.batch_alter_table('birth_dates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_birth_dates_designation_id'))

    op.drop_table('birth_dates')
    with op.batch_alter_table('addresses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addresses_designation_id'))

    op.drop_table('addresses')
    op.drop_table('programs')
    with op.batch_alter_table('designations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_designations_status'))
        batch_op.drop_index(batch_op.f('ix_designations_primary_name'))
        batch_op.drop_index(batch_op.f('ix_designations_kind'))

    op.drop_table('designations')


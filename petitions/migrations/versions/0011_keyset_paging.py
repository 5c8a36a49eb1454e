"""keyset paging: signatures carry their day, indexed with the signer hash; list orders indexed; job run counts

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-01 11:40:00

A signature list is ordered by day, newest first, and within a day by the keyed signer hash,
so the order does not follow the order of signing and a cursor (day, hash) finds the next
page through the index whatever its depth. ``signed_on`` is the day of ``signed_at``.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    op.add_column('signatures', sa.Column('signed_on', sa.Date(), nullable=True))
    if bind.dialect.name == 'sqlite':
        op.execute("UPDATE signatures SET signed_on = date(signed_at)")
    else:
        op.execute("UPDATE signatures SET signed_on = signed_at::date")
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.alter_column('signed_on', existing_type=sa.Date(), nullable=False)
        batch_op.drop_index('ix_signatures_concern_id_id')
        batch_op.create_index('ix_signatures_concern_id_signed_on_signer_hash',
                              ['concern_id', 'signed_on', 'signer_hash'], unique=False)
    # Lists: the newest published first, and the register by response date.
    op.create_index('ix_concerns_published_at_id', 'concerns', ['published_at', 'id'], unique=False)
    op.create_index('ix_concerns_status_responded_at', 'concerns', ['status', 'responded_at'], unique=False)
    # How often ``jobs run`` ran, for /metrics: one row per kind of job, shared by every host.
    op.create_table('job_runs',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_started_at', sa.DateTime(), nullable=True),
    sa.Column('last_finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_runs'))
    )


def downgrade():
    op.drop_table('job_runs')
    op.drop_index('ix_concerns_status_responded_at', table_name='concerns')
    op.drop_index('ix_concerns_published_at_id', table_name='concerns')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('ix_signatures_concern_id_signed_on_signer_hash')
        batch_op.create_index('ix_signatures_concern_id_id', ['concern_id', 'id'], unique=False)
        batch_op.drop_column('signed_on')

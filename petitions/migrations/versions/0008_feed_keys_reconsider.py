"""feed keys; a rejected concern's original and the author's request to reconsider; overdue commitments told

Revision ID: 0008
Revises: 0001
Create Date: 2026-12-01 08:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feed_keys',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feed_keys_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_feed_keys')),
    sa.UniqueConstraint('key', name=op.f('uq_feed_keys_key'))
    )
    # Plain ADD COLUMN, never a batch copy: rebuilding ``concerns`` on SQLite would drop its
    # full-text triggers. SQLite accepts a named REFERENCES clause on a nullable added column.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE concerns ADD COLUMN duplicate_of_id INTEGER '
                   'CONSTRAINT fk_concerns_duplicate_of_id_concerns REFERENCES concerns (id)')
    else:
        op.add_column('concerns', sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_concerns_duplicate_of_id_concerns'), 'concerns', 'concerns',
                              ['duplicate_of_id'], ['id'])
    op.add_column('concerns', sa.Column('reconsider_requested_at', sa.DateTime(), nullable=True))
    op.add_column('concerns', sa.Column('reconsider_reason', sa.Text(), nullable=True))
    op.add_column('commitments', sa.Column('overdue_notified', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade():
    # SQLite (3.35+) drops a plain column in place; the foreign key goes with it.
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_concerns_duplicate_of_id_concerns'), 'concerns', type_='foreignkey')
    op.drop_column('commitments', 'overdue_notified')
    op.drop_column('concerns', 'reconsider_reason')
    op.drop_column('concerns', 'reconsider_requested_at')
    op.drop_column('concerns', 'duplicate_of_id')
    op.drop_table('feed_keys')

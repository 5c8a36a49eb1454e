"""mail that never stops, notification settings and daily digests

Revision ID: 0006
Revises: 0001
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('digested_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_notifications_digest_digested_at', ['digest', 'digested_at'], unique=False)

    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.CheckConstraint("delivery IN ('app', 'mail', 'digest')", name=op.f('ck_notification_settings_delivery')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_settings'))
    )
    op.create_table('mail_digests',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_digests_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_mail_digests'))
    )


def downgrade():
    op.drop_table('mail_digests')
    op.drop_table('notification_settings')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_digest_digested_at')
        batch_op.drop_column('digested_at')
        batch_op.drop_column('digest')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
        batch_op.drop_column('next_attempt_at')

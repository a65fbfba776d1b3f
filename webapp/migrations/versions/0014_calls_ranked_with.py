"""calls remember the ranking method their stored places were computed with

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    # Empty for every call: the first read of each ranking computes its places again with the
    # method of its rule set (the weights moved from the code into the rule sets).
    op.add_column("calls", sa.Column("ranked_with", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("ranked_with")

"""advisor role: plain advisor or lead advisor

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # Every existing account stays a plain advisor; a lead is named at the command line.
    with op.batch_alter_table("advisors", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=20), server_default="advisor", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("advisors", schema=None) as batch_op:
        batch_op.drop_column("role")

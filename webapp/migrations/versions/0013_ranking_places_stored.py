"""ranking entries keep their call, weighted score, place and cumulative amount

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 10:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite the foreign key rebuilds the table; nothing refers to ranking_entries.
    with op.batch_alter_table("ranking_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("weighted", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("weighted_rank", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("place", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("cumulative", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("counted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_ranking_entries_call_place", ["call_id", "place"])
        batch_op.create_foreign_key("fk_ranking_entries_call_id", "calls", ["call_id"], ["id"])
    op.execute(
        "UPDATE ranking_entries SET call_id = ("
        "SELECT applications.call_id FROM applications"
        " WHERE applications.id = ranking_entries.application_id)"
    )
    # The places stay empty: the ranking computes them the first time a call's ranking is
    # read (services.ranking.ensure_places), with the rules of the code that reads them.


def downgrade():
    with op.batch_alter_table("ranking_entries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_ranking_entries_call_id", type_="foreignkey")
        batch_op.drop_index("ix_ranking_entries_call_place")
        for column in ("counted", "cumulative", "place", "weighted_rank", "weighted", "call_id"):
            batch_op.drop_column(column)

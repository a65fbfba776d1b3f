"""co-financing calls, the application's call, and the ranking entries

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 12:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("ruleset_id", sa.String(length=40), nullable=False),
        sa.Column("pot", sa.BigInteger(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=False),
        sa.Column("answers_expected_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("pot > 0", name="ck_calls_pot_positive"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year"),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calls_deadline_at"), ["deadline_at"], unique=False)

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_applications_call_id"), ["call_id"], unique=False)
        batch_op.create_foreign_key("fk_applications_call_id", "calls", ["call_id"], ["id"])

    op.create_table(
        "ranking_entries",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("npv_per_krone", sa.Numeric(precision=14, scale=6), nullable=True),
        sa.Column("requested_amount", sa.BigInteger(), nullable=True),
        sa.Column("grant_ceiling", sa.BigInteger(), nullable=True),
        sa.Column("proposed_amount", sa.BigInteger(), nullable=True),
        sa.Column("eligible_applicant", sa.Boolean(), nullable=False),
        sa.Column("cost_band", sa.Boolean(), nullable=False),
        sa.Column("phase", sa.Boolean(), nullable=False),
        sa.Column("attachments", sa.Boolean(), nullable=False),
        sa.Column("ks_statement_needed", sa.Boolean(), nullable=False),
        sa.Column("ks_statement", sa.Boolean(), nullable=False),
        sa.Column("requirements_checked", sa.Boolean(), nullable=False),
        sa.Column("benefits_score", sa.SmallInteger(), nullable=True),
        sa.Column("benefits_comment", sa.Text(), nullable=True),
        sa.Column("gains_score", sa.SmallInteger(), nullable=True),
        sa.Column("gains_comment", sa.Text(), nullable=True),
        sa.Column("maturity_score", sa.SmallInteger(), nullable=True),
        sa.Column("maturity_comment", sa.Text(), nullable=True),
        sa.Column("rank_override", sa.Integer(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("assessed_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assessed_by_id"], ["advisors.id"]),
        sa.PrimaryKeyConstraint("application_id"),
    )


def downgrade():
    op.drop_table("ranking_entries")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_constraint("fk_applications_call_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_applications_call_id"))
        batch_op.drop_column("call_id")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calls_deadline_at"))
    op.drop_table("calls")

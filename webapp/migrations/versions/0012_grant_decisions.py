"""grant decisions on co-financing applications, and the receipt code

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "grant_decisions",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("plan_due_on", sa.Date(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("reasons_text", sa.Text(), nullable=True),
        sa.Column("letter_language", sa.String(length=5), nullable=False),
        sa.Column("case_number", sa.String(length=20), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("case_officer_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("plan_status", sa.String(length=20), nullable=True),
        sa.Column("plan_message", sa.Text(), nullable=True),
        sa.Column("plan_attachment_id", sa.Integer(), nullable=True),
        sa.Column("final_amount", sa.BigInteger(), nullable=True),
        sa.Column("final_letter_date", sa.Date(), nullable=True),
        sa.Column("final_sent_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_officer_id"], ["advisors.id"]),
        sa.ForeignKeyConstraint(["plan_attachment_id"], ["attachments.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("application_id"),
    )
    # Adding a column needs no rebuild of the table on SQLite.
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_code_hash", sa.String(length=255), nullable=True))
        batch_op.create_index(
            "ix_applications_receipt_code_hash", ["receipt_code_hash"], unique=False
        )


def downgrade():
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_receipt_code_hash")
        batch_op.drop_column("receipt_code_hash")
    op.drop_table("grant_decisions")

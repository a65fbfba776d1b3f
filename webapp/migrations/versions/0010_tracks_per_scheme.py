"""tracks: where an application stands in each scheme it was sent to

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 19:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tracks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=20), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "scheme", name="uq_tracks_application_scheme"),
    )
    op.create_index("ix_tracks_application_id", "tracks", ["application_id"])
    op.create_index("ix_tracks_scheme_step", "tracks", ["scheme", "step"])
    # Cases sent before tracks existed: a council case whose letter is ready or sent is at
    # project review or follow-up; every other one is still in preparation. A co-financing
    # application is where every application starts, sent.
    applications = sa.table(
        "applications",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("schemes", sa.String),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(applications.c.id, applications.c.status, applications.c.schemes).where(
            applications.c.status != "draft"
        )
    ).all()
    council_step = {"letter_ready": "project_review", "closed": "follow_up"}
    tracks = sa.table(
        "tracks",
        sa.column("application_id", sa.Integer),
        sa.column("scheme", sa.String),
        sa.column("step", sa.String),
    )
    new_rows = []
    for application_id, status, schemes in rows:
        chosen = [scheme for scheme in (schemes or "").split(",") if scheme]
        if "council" in chosen:
            step = council_step.get(status, "preparation")
            new_rows.append({"application_id": application_id, "scheme": "council", "step": step})
        if "cofinancing" in chosen:
            new_rows.append(
                {"application_id": application_id, "scheme": "cofinancing", "step": "submitted"}
            )
    if new_rows:
        op.bulk_insert(tracks, new_rows)


def downgrade():
    op.drop_index("ix_tracks_scheme_step", table_name="tracks")
    op.drop_index("ix_tracks_application_id", table_name="tracks")
    op.drop_table("tracks")

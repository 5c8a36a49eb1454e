"""The schema comes from the migrations, and the migrations equal the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from petitions.extensions import db


def _include(obj, name, type_, reflected, compare_to):  # noqa: ANN001, ANN202 - alembic's hook signature
    return not (name and "_fts" in name)


def test_migrations_match_models(app) -> None:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": False, "include_object": _include}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_upgrade_made_every_table_and_the_full_text_index(app) -> None:
    with app.app_context():
        inspector = inspect(db.engine)
        tables = set(inspector.get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        if db.engine.dialect.name == "sqlite":
            assert {"concerns_fts", "contracts_fts"} <= tables
        else:
            names = {ix["name"] for ix in inspector.get_indexes("concerns")}
            assert "ix_concerns_fts" in names

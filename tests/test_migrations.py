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


def test_downgrade_removes_everything_and_upgrade_restores_it(tmp_path) -> None:
    """On a database of its own (SQLite), 0001 goes down to nothing and back up again."""
    from flask_migrate import downgrade, upgrade

    from petitions import create_app
    from tests.conftest import _base_config

    scratch = create_app(_base_config(f"sqlite:///{tmp_path / 'scratch.db'}"))
    with scratch.app_context():
        upgrade()
        assert "concerns" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        left = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert left == set(), f"downgrade left {left}"
        upgrade()
        assert {t.name for t in db.metadata.sorted_tables} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()

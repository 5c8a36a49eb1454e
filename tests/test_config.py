"""Configuration refuses what would be unsafe."""

from __future__ import annotations

import pytest

from petitions import create_app


def test_production_refuses_to_start_without_its_own_secret(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("PETITIONS_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="PETITIONS_SECRET_KEY must be set in production"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})


def test_production_starts_with_a_secret(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("PETITIONS_SECRET_KEY", raising=False)
    app = create_app({"ENV": "production", "SECRET_KEY": "a-real-secret-from-the-operator",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    assert app.config["SECRET_KEY"] == "a-real-secret-from-the-operator"

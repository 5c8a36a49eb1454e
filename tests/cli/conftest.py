"""A command-line runner bound to the test app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from flask import Flask


@pytest.fixture()
def cli(app: Flask) -> Callable[..., Result]:
    """``cli("users", "create", ...)`` runs ``flask --app wsgi users create ...`` in-process."""
    runner = app.test_cli_runner()

    def invoke(*args: str, **kwargs: Any) -> Result:
        return runner.invoke(args=list(args), **kwargs)

    return invoke

"""Pages for being heard: what is waiting for you (``/``)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from petitions.workflow import waiting

bp = Blueprint("heard", __name__)


def show_waiting() -> str:
    """What is waiting for the person logged in (rendered by ``/``)."""
    return render_template("heard/waiting.html", waiting=waiting.for_person(current_user))

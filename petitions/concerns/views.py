"""Concern pages (placeholder until the pages land)."""
from flask import Blueprint
bp = Blueprint("concerns", __name__)
@bp.route("/concerns")
def list_concerns(): return "concerns"
@bp.route("/concerns/mine")
def my_concerns(): return ""
@bp.route("/signatures/mine")
def my_signatures(): return ""
@bp.route("/concerns/<int:concern_id>")
def show_concern(concern_id): return ""

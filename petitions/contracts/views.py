"""Contract pages (placeholder)."""
from flask import Blueprint
bp = Blueprint("contracts", __name__)
@bp.route("/contracts")
def list_contracts(): return ""

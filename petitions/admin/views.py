"""Admin pages (placeholder)."""
from flask import Blueprint
bp = Blueprint("admin", __name__, url_prefix="/admin")
@bp.route("/users")
def list_users(): return ""

"""The employee-concern petition platform."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, security, blueprints, commands."""
    from petitions import cli, config, database, errors, logs, metrics, rendering, security
    from petitions.extensions import csrf, db, limiter, login_manager, migrate
    from petitions.heard import words

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config.load(app, test_config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    database.init_app(app)
    security.init_app(app)
    rendering.init_app(app)
    errors.init_app(app)
    words.init_app(app)
    metrics.init_app(app)
    logs.init_app(app)

    from petitions.admin import invitations as admin_invitations  # noqa: F401  (routes on the admin blueprint)
    from petitions.admin.views import bp as admin_bp
    from petitions.api import bp as api_bp
    from petitions.audit_log.views import bp as audit_bp
    from petitions.auth import recovery_views, session_views, sso  # noqa: F401  (routes on the auth blueprint)
    from petitions.auth.views import bp as auth_bp
    from petitions.committee.views import bp as committee_bp
    from petitions.concerns.views import bp as concerns_bp
    from petitions.contracts.views import bp as contracts_bp
    from petitions.heard.feeds import bp as feeds_bp
    from petitions.heard.views import bp as heard_bp
    from petitions.home import bp as home_bp
    from petitions.leadership.views import bp as leadership_bp
    from petitions.notices.views import bp as notices_bp
    from petitions.outcomes.views import bp as outcomes_bp
    from petitions.perspectives.views import bp as perspectives_bp

    for blueprint in (home_bp, auth_bp, concerns_bp, contracts_bp, admin_bp, api_bp, committee_bp, perspectives_bp,
                      leadership_bp, outcomes_bp, audit_bp, notices_bp, heard_bp, feeds_bp):
        app.register_blueprint(blueprint)
    sso.init_app(app)
    cli.init_app(app)
    return app

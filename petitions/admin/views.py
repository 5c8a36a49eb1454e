"""Admin pages: accounts, roles, the HR import and the policy settings.

Admins see no more of signers than any employee: nothing here lists anyone's signatures.
Every change goes through ``petitions.workflow.accounts`` or ``settings`` with the admin as
actor, so it is checked and audited there; these views only parse, call and report.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.admin.forms import ConfirmForm, CreateUserForm, ImportForm, RoleForm, SettingsForm
from petitions.config import POLICY_DEFAULTS
from petitions.errors import flash_refusal
from petitions.heard.confirm import unconfirmed
from petitions.models import User
from petitions.security import require_role
from petitions.vocabulary import GRANTABLE_ROLES, Role
from petitions.workflow import accounts, settings
from petitions.workflow.errors import ServiceError

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_role("admin"))

PER_PAGE = 50
Page = tuple[str, int] | Response


def _user_or_404(user_id: int) -> User:
    """The account, or ``NotFound`` (a 404 page)."""
    return accounts.get_user(user_id)


def _list_page(form: CreateUserForm, status: int = 200) -> Page:
    """The people list with the create-account form (fresh or carrying errors)."""
    q = request.args.get("q", "").strip()[:200]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    people, total = accounts.list_users(current_user, q, page, PER_PAGE)
    html = render_template(
        "admin/list_users.html", people=people, total=total, q=q, page=page, per_page=PER_PAGE, form=form
    )
    return html, status


@bp.get("/users")
def list_users() -> Page:
    """Everyone, searchable by name or email, with their roles and state."""
    return _list_page(CreateUserForm(formdata=None))


@bp.post("/users")
def create_user() -> Page:
    """Create an account; roles ticked here are announced to the committee and audited."""
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                email=form.email.data or "",
                name=form.name.data or "",
                password=form.password.data or None,
                roles=form.roles(),
                department=form.department.data,
                location=form.location.data,
                actor=current_user,
            )
        except ServiceError as exc:
            flash_refusal(exc, form)
        else:
            flash(f"Account created for {user.name} ({user.email}).", "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return _list_page(form, 400)


@bp.route("/users/import", methods=["GET", "POST"])
def import_users() -> Page:
    """Upload an HR export: existing emails are updated, new ones created; all or nothing."""
    form = ImportForm()
    if form.validate_on_submit():
        try:
            stream = accounts.read_csv_upload(form.file.data.read())
            result = accounts.import_csv(stream, actor=current_user)
        except ServiceError as exc:
            form.file.errors = [exc.message]
        else:
            flash(f"Import done: {result.created} created, {result.updated} updated.", "success")
            return redirect(url_for("admin.import_users"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/import_users.html", form=form), status


@bp.get("/users/<int:user_id>")
def show_user(user_id: int) -> str:
    """One account: profile, roles (grant and revoke) and deactivation. Never their signatures."""
    person = _user_or_404(user_id)
    return render_template(
        "admin/show_user.html",
        person=person,
        roles=GRANTABLE_ROLES,
        role_form=RoleForm(formdata=None),
        confirm_form=ConfirmForm(formdata=None),
    )


def _change_role(user_id: int, grant: bool) -> Response:
    """Grant or revoke the posted role, then back to the profile."""
    role = RoleForm().role.data or ""
    try:
        if grant:
            person = accounts.grant_role(user_id, role, actor=current_user)
            flash(f"{person.name} now holds the role {Role.label_of(role)}. The committee has been told.", "success")
        else:
            person = accounts.revoke_role(user_id, role, actor=current_user)
            flash(f"{person.name} no longer holds the role {Role.label_of(role)}.", "success")
    except ServiceError as exc:
        flash_refusal(exc)
    return redirect(url_for("admin.show_user", user_id=user_id))


@bp.post("/users/<int:user_id>/roles/grant")
def grant_role(user_id: int) -> Response:
    """Grant a role (audited, announced to the committee)."""
    return _change_role(user_id, grant=True)


@bp.post("/users/<int:user_id>/roles/revoke")
def revoke_role(user_id: int) -> Response:
    """Revoke a role (audited)."""
    return _change_role(user_id, grant=False)


@bp.post("/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int) -> Page:
    """Stop the account from logging in or using tokens; its signatures stay."""
    form = ConfirmForm()
    if user_id != current_user.id and (
            page := unconfirmed("deactivate", url_for("admin.show_user", user_id=user_id))) is not None:
        return page
    if form.validate_on_submit():
        try:
            person = accounts.deactivate(user_id, actor=current_user)
        except ServiceError as exc:
            flash_refusal(exc)
        else:
            flash(f"{person.name} is deactivated and can no longer log in.", "success")
    return redirect(url_for("admin.show_user", user_id=user_id))


@bp.route("/settings", methods=["GET", "POST"])
def edit_settings() -> Page:
    """The policy settings; each change is audited and applies from the next concern on."""
    current = settings.all_values()
    form = SettingsForm(data={key: value if key == "AUTO_PUBLISH" else str(value) for key, value in current.items()})
    if form.validate_on_submit():
        try:
            changed = settings.update(current_user, {key: form[key].data for key in POLICY_DEFAULTS})
        except ServiceError as exc:
            flash_refusal(exc, form)
        else:
            if changed:
                summary = "; ".join(
                    f"{key.replace('_', ' ').lower()}: {current[key]} → {value}" for key, value in changed.items()
                )
                flash(f"Settings saved ({summary}).", "success")
            else:
                flash("Nothing changed.", "info")
            return redirect(url_for("admin.edit_settings"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/edit_settings.html", form=form, defaults=POLICY_DEFAULTS), status


from petitions.admin import mail  # noqa: E402, F401  (registers /admin/mail on this blueprint)

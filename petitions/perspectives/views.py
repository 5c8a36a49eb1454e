"""Adding a perspective from the concern page: for every employee, so outside the committee's gate.

The form lives on the concern page (``templates/concerns/_perspectives.html``), which asks for
it through ``perspective_form()``; after refused input the same form, with its messages, is
what that function returns while the concern page is rendered again.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from petitions.concerns.views import show_concern
from petitions.errors import flash_refusal, form_error
from petitions.perspectives.forms import PERSPECTIVE_VISIBILITY_CHOICES, STANCE_CHOICES, PerspectiveForm
from petitions.workflow import perspectives
from petitions.workflow.errors import Invalid, ServiceError

bp = Blueprint("perspectives", __name__)


def perspective_form() -> PerspectiveForm:
    """The form for this request: as sent (with messages) after refused input, else empty."""
    form = g.get("perspective_form")
    if form is None:
        form = PerspectiveForm(formdata=None, prefix="perspective")  # no preselected visibility
    return form  # type: ignore[no-any-return]


def perspective_helpers() -> dict[str, object]:
    """Give every template the perspective form and the plain words for its choices."""
    return {
        "perspective_form": perspective_form,
        "perspective_stances": STANCE_CHOICES,
        "perspective_visibilities": PERSPECTIVE_VISIBILITY_CHOICES,
    }


@bp.post("/concerns/<int:concern_id>/perspectives")
def add_perspective(concern_id: int) -> tuple[str, int] | Response:
    """Any employee adds a perspective while the concern is open or in review."""
    form = PerspectiveForm(prefix="perspective")
    try:
        perspectives.add(current_user, concern_id, form.stance.data, form.body.data, form.visibility.data)
    except Invalid as exc:
        form_error(form, exc)
        g.perspective_form = form
        return show_concern(concern_id), 400
    except ServiceError as exc:
        flash_refusal(exc)
        return redirect(url_for("concerns.show_concern", concern_id=concern_id))
    flash("Your perspective was added to the record.", "success")
    return redirect(url_for("concerns.show_concern", concern_id=concern_id, _anchor="perspectives-h"))

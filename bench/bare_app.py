"""The baseline: a bare Flask + Flask-SQLAlchemy app on the same database, served the same way.

- ``GET /page``: a template render (a title and a list of twenty rows);
- ``POST /insert/<group>``: one INSERT under a unique constraint (the bearer token's hash, per
  group), committed; 201, or 409 for a repeat;
- ``GET /read/<id>``: one row by primary key, as JSON.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime

from flask import Flask, abort, jsonify, render_template_string, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("PETITIONS_DATABASE_URL", "sqlite://")
db = SQLAlchemy(app)

TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><ul>{% for row in rows %}<li><a href="/read/{{ row.id }}">{{ row.name }}</a>
<span>{{ row.note }}</span></li>{% endfor %}</ul></main></body></html>"""
ROWS = [{"id": n, "name": f"Row {n}", "note": "A short note & an ampersand"} for n in range(20)]


class Item(db.Model):  # type: ignore[name-defined,misc]
    """A row with a unique key per group, like a signature per signer and concern."""

    __tablename__ = "bare_items"
    __table_args__ = (UniqueConstraint("key", "group_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int]
    key: Mapped[str] = mapped_column(String(64))
    visibility: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]


@app.get("/healthz")
def healthz():  # noqa: ANN201
    """Up."""
    return jsonify(status="ok")


@app.get("/page")
def page():  # noqa: ANN201
    """A bare template render."""
    return render_template_string(TEMPLATE, title="A bare page", rows=ROWS)


@app.post("/insert/<int:group_id>")
def insert(group_id: int):  # noqa: ANN201
    """A bare insert with a unique constraint."""
    body = request.get_json(silent=True) or {}
    key = hashlib.sha256(request.headers.get("Authorization", "").encode()).hexdigest()
    db.session.add(Item(group_id=group_id, key=key, visibility=str(body.get("visibility", "")),
                        created_at=datetime.utcnow()))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return jsonify(error="conflict"), 409
    return jsonify(group_id=group_id, visibility=body.get("visibility")), 201


@app.get("/read/<int:item_id>")
def read(item_id: int):  # noqa: ANN201
    """A bare read by key."""
    item = db.session.get(Item, item_id)
    if item is None:
        abort(404)
    return jsonify(id=item.id, group_id=item.group_id, visibility=item.visibility)

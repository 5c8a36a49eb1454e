"""The baseline: a bare Flask app answering one small JSON POST, served the same way."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/sign/<int:concern_id>")
def sign(concern_id: int):  # noqa: ANN201
    """Parse the body and answer, doing no work: the cost of Flask and gunicorn alone."""
    body = request.get_json(silent=True) or {}
    return jsonify(concern_id=concern_id, visibility=body.get("visibility")), 201


@app.get("/page")
def page():  # noqa: ANN201
    """A trivial GET for page-latency comparison."""
    return "<html><body>ok</body></html>"

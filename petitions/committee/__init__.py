"""The ethics committee's pages, and the perspective form every employee uses on a concern."""

from petitions.committee.perspectives import bp as perspectives_bp
from petitions.committee.views import bp as committee_bp

__all__ = ["committee_bp", "perspectives_bp"]

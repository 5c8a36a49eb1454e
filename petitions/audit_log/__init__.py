"""The audit log page, for the committee and admins."""

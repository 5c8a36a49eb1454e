"""Notification settings on the account page, and the unread count in the navigation."""

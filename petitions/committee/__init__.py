"""The ethics committee's pages."""

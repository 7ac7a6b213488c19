"""Shared pieces of the REST API: error shape, throttles, permissions, routes."""

"""The REST API toolkit every app may import: error shape, permissions, throttles, downloads.

It sits on the ground floor: it imports no project app and nothing from ``config`` (the routes
that put the apps' views together stay in ``config/api/urls.py``).
"""

"""Accounts use django.contrib.auth's User; API tokens join here when the API lands."""

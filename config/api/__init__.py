"""The REST API's routes (the toolkit the views are built with is the top-level ``api``)."""

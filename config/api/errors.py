"""One JSON error shape for every API error: {"error": {"status", "code", "message", "details"}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    details = response.data
    if isinstance(exc, exceptions.ValidationError):
        message = "The request is not valid."
    elif isinstance(details, dict) and "detail" in details:
        message = str(details["detail"])
        details = {k: v for k, v in details.items() if k != "detail"}
    else:
        message = str(getattr(exc, "default_detail", "Error"))
    code = getattr(exc, "default_code", "error")
    if (
        isinstance(exc, exceptions.APIException)
        and isinstance(exc.detail, dict)
        and "code" in exc.detail
    ):
        code = str(exc.detail["code"])
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "details": details or {},
        }
    }
    return response


def api_404(request, exception=None):
    from django.http import JsonResponse

    return JsonResponse(
        {
            "error": {
                "status": 404,
                "code": "not_found",
                "message": "No such endpoint.",
                "details": {},
            }
        },
        status=404,
    )

"""One JSON error shape for every API error: {"error": {"status", "code", "message", "details"}}.

The exception handler and the JSON 404 produce it; ``ErrorOutput`` and ``error_responses``
document it in the OpenAPI schema, so every endpoint says which errors it answers with.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler


class ErrorOutput(serializers.Serializer):
    """The one error shape of the API, documented for every endpoint."""

    class ErrorBodyOutput(serializers.Serializer):
        status = serializers.IntegerField()
        code = serializers.CharField()
        message = serializers.CharField()
        details = serializers.DictField()

        class Meta:
            ref_name = "ErrorBody"

    error = ErrorBodyOutput()

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: "The request is not valid (details name the fields).",
    401: "Not signed in: send a session cookie or `Authorization: Token <value>`.",
    403: "Signed in, but this role may not do that (or the CSRF token is missing).",
    404: "No such resource, or not one of yours.",
    409: "The resource is not in a state that allows this.",
    413: "The request body is over the size limit (2.5 MB unless configured otherwise).",
    429: "Too many requests: slow down (see Retry-After).",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses; 401 and 429 apply to every endpoint."""
    return {
        code: OpenApiResponse(ErrorOutput, description=ERROR_DESCRIPTIONS[code])
        for code in sorted({401, 429, *codes})
    }


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The resource is not in a state that allows this."
    default_code = "conflict"


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


@csrf_exempt  # a write to no endpoint is a 404, whatever its CSRF token
def api_404(request, exception=None):
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


def api_error_response(status: int, code: str, message: str) -> JsonResponse:
    """The error shape, for answers given outside DRF (middleware, Django's own handlers)."""
    body = {"error": {"status": status, "code": code, "message": message, "details": {}}}
    return JsonResponse(body, status=status)


@csrf_exempt
def api_bad_request(request, exception=None):
    """A 400 that Django raises before any API view runs (a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE read by a middleware, too many fields...), in the API's
    shape: config/urls.py routes /api/ paths here from its handler400."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return api_error_response(
            413, "request_too_large", f"The request body is larger than {limit:,} bytes."
        )
    return api_error_response(400, "bad_request", "The request is not valid.")

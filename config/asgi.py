"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

# Servers get production settings unless told otherwise; they refuse to start without
# their secret and services. `make run` and the tests name the settings they want.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.websocket_origins import OriginValidator  # noqa: E402
from interviews.live.auth import auth_middleware_stack  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The whole Origin (scheme, host, port) must be allowed: config/websocket_origins.py.
        # Session auth as Channels does it, off the one sync thread (interviews/live/auth.py).
        "websocket": OriginValidator(auth_middleware_stack(URLRouter(websocket_urlpatterns))),
    }
)

"""Permissions-Policy: which browser features a portal page, and what it frames, may use.

None, on every page: the portal needs no camera, microphone, location, payment or sensor. The
stream page frames a provider's player, which needs autoplay, fullscreen, picture-in-picture and
encrypted media (DRM): there, and only there, those four are allowed for the page and for the
provider origins the CSP lets it frame (`STREAM_FRAME_SOURCES`). The header is a document's:
an htmx fragment is swapped into a page that has one, so fragments go without (the status
poll's 304 stays under 1 kB)."""

from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings

PLAYER_FEATURES = ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture")
# Features Chromium, Firefox and Safari know (an unknown name is a console warning).
DENIED = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "usb",
    "xr-spatial-tracking",
)
HEADER = "Permissions-Policy"


def policy(allowed: dict[str, str] | None = None) -> str:
    allowed = allowed or {}
    features = sorted((*DENIED, *PLAYER_FEATURES))
    return ", ".join(f"{feature}=({allowed.get(feature, '')})" for feature in features)


NOTHING_ALLOWED = policy()


def frames_players(view):
    """The stream page's view, the only page that frames a player: its CSP may frame the
    providers, and its Permissions-Policy gives their players what they need."""

    @csp_replace({"frame-src": settings.STREAM_FRAME_SOURCES})
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        origins = " ".join(["self", *(f'"{origin}"' for origin in settings.STREAM_FRAME_SOURCES)])
        response[HEADER] = policy(dict.fromkeys(PLAYER_FEATURES, origins))
        return response

    return wrapper


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response and not request.headers.get("HX-Request"):
            response[HEADER] = NOTHING_ALLOWED
        return response

"""The portal's URLs plus `/bench/minimal/`: the smallest Django view, the benchmark's yardstick
for requests per second on the same server, middleware and settings."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("portal.urls")),
]

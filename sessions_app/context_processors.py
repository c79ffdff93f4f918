from django.conf import settings


def portal(request):
    return {"poll_seconds": settings.PORTAL_STATUS_POLL_SECONDS}

"""A form body in a charset other than UTF-8 is a 400 page, before anything reads it.

Django refuses such a body (`BadRequest`) the first time `request.POST` is read, which is the
CSRF check; its 400 handler then runs the CSRF check again, which reads `request.POST` again,
and that second refusal escapes as a 500 with a traceback. Browsers send UTF-8 for our pages'
forms, so only a hand-made request meets this."""

from django.shortcuts import render

FORM = "application/x-www-form-urlencoded"


class FormCharsetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == FORM and (request.encoding or "utf-8").lower() not in (
            "utf-8",
            "utf8",
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)

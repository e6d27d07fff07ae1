"""No WRP001 where Django's ``method_decorator`` is all that applies the decorator:
``@method_decorator(require_staff)`` gives the class the method's own name and docstring
(edx-proctoring's staff checks). Applied with ``@`` as well, it is reported."""
from django.utils.decorators import method_decorator
from django.views import View


def require_staff(func):
    """Decorator that checks the user is staff."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionError
        return func(request, *args, **kwargs)

    return wrapped


def audited(func):
    """Decorator that logs each call."""

    def wrapper(request, *args, **kwargs):  # error: WRP001 col=5
        print("audit", request)
        return func(request, *args, **kwargs)

    return wrapper


class StaffView(View):
    @method_decorator(require_staff)
    def get(self, request):
        return "staff"

    @method_decorator(audited)
    def post(self, request):
        return "posted"


@audited
def ping(request):
    return "pong"

"""WRP001 and how a helper is used: a wrapper whose every use stays inside a computation (a
local variable, an argument, a table) is never seen by name; one that is applied, stored,
returned, registered or patched in is.

Silent here only where every use is in sight: a function nested in another, or a private
one of the module.
"""
import threading
from typing import Callable


def run_feeders(feed, consume):
    # Silent since issue 9 (CPython's test_queue): a thread target; nobody reads its name.
    errors = []

    def log_exceptions(f):
        def wrapper(*args, **kwargs):
            try:
                f(*args, **kwargs)
            except BaseException as e:
                errors.append(e)

        return wrapper

    threads = [
        threading.Thread(target=log_exceptions(feed)),
        threading.Thread(target=log_exceptions(consume)),
    ]
    return threads, errors


def _wrap_nan_raise(f):
    # Silent since issue 9 (SciPy's root finders): a local callable reshaped in a solver.
    def f_raise(x, *args):
        fx = f(x, *args)
        if fx != fx:
            raise ValueError(f"the function value at {x} is NaN")
        return fx

    return f_raise


def bisect(f, a, b):
    f = _wrap_nan_raise(f)
    return f(a) * f(b)


def _view_kernel(f):
    # Silent since issue 9.
    def kernel(arr, out):
        f(arr.view("i8"), out)

    return kernel


def _copy(arr, out):
    out[:] = arr


# Entries of a table of kernels (pandas' take): looked up by key, never by name.
KERNELS = {"datetime": _view_kernel(_copy), "timedelta": _view_kernel(_copy)}


def _timed(func):
    # Private, but applied with @: the decorated function's name is lost.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@_timed
def compute():
    return 1


def create_app(app, index):
    def login_required(view):
        # Nested, but registered: Flask reads the wrapper's name for the endpoint.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return view(*args, **kwargs)

        return wrapper

    app.add_url_rule("/", view_func=login_required(index))


def _retrying(func):
    # A module attribute: ``fetch.__name__`` is 'wrapper'.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def _fetch(url):
    return url


fetch = _retrying(_fetch)


def patch_send(client):
    def _counted(func):
        # Patched onto an object others call by name.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return wrapper

    client.send = _counted(client.send)


def _cached(func):
    # Held by a local that is returned: the caller sees it.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def cached_loader(load):
    loader = _cached(load)
    return loader


def build_methods(cls, names):
    def _logged(method):
        # Installed on a class with setattr.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return method(*args, **kwargs)

        return wrapper

    for name in names:
        setattr(cls, name, _logged(getattr(cls, name)))


def collected(func):
    def _traced(f):
        # ``locals()`` hands every local on: its uses are no longer in sight.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return f(*args, **kwargs)

        return wrapper

    traced = _traced(func)
    traced()
    return dict(locals())


def public_helper(func):
    # Public: other modules may apply it, so its uses here are not all of them.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def use_public(job):
    job = public_helper(job)
    job()


def register_views(app, views):
    def _login_required(view):
        # Held by a local that is then registered: Flask reads its name.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return view(*args, **kwargs)

        return wrapper

    for view in views:
        protected = _login_required(view)
        app.add_url_rule("/" + view.__name__, view_func=protected)


def _logged(func):
    # A local whose name is read: the log says 'wrapper'.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def start(job, log):
    job = _logged(job)
    log.info("starting %s", job.__name__)
    job()


def _task(func):
    # Appended to a registry: found later by name.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def collect(registry, job):
    registry.append(_task(job))


def _traced(func):
    # A list of functions at module level: someone reads their names.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


COMMANDS = [_traced(_copy), _traced(_fetch)]


def _case(func):
    # Silent since issue 9: a row of a table of test cases, with data beside it.
    def case(*args, **kwargs):
        return func(*args, **kwargs)

    return case


CASES = [(_case(_copy), (0,), 1), (_case(_fetch), (), 2)]


def _handler(func):
    # Called for its effect: it must register what it builds.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    HANDLERS.append(wrapper)
    return wrapper


HANDLERS: list = []
_handler(_copy)


def _measured(view):
    # Another decorator copies the wrapper's name onto a module attribute.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return view(*args, **kwargs)

    return wrapper


def require_login(view):
    return view


dashboard = require_login(_measured(_fetch))


def _hooked(func):
    # Returned inside a container built by a call.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def hooks(func):
    hook = _hooked(func)
    return dict(handler=hook)


def app_picker(manager, applications):
    # Silent since stop 53 (pytermgui's ``_create_app_picker``): every use gives the
    # helper a lambda, whose name ``<lambda>`` is all that functools.wraps could copy.
    def _wrap(func: Callable[[object], object]) -> Callable[[object], object]:
        def _inner(caller: object) -> object:
            window = func(caller)
            manager.append(window)
            return window

        return _inner

    return [_wrap(lambda *_, app=app: app()) for app in applications]


def app_picker_with_a_named_function(manager, applications, fallback):
    # One use gives it a named function: its name is lost.
    def _wrap(func: Callable[[object], object]) -> Callable[[object], object]:
        def _inner(caller: object) -> object:  # error: WRP001 col=9
            window = func(caller)
            manager.append(window)
            return window

        return _inner

    buttons = [_wrap(lambda *_, app=app: app()) for app in applications]
    buttons.append(_wrap(fallback))
    manager.register(buttons)
    return buttons

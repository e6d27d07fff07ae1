"""WRP001 (WRP007 on weaker evidence) on a wrapper that a decorator registers instead of
returning: the registry knows the function by the wrapper's name (DaisyX's aiogram
handlers all logged as 'new_func')."""

HANDLERS = {}


class Dispatcher:
    def register_message_handler(self, handler, *filters):
        HANDLERS[handler.__name__] = handler


dp = Dispatcher()


def command(*filters):
    def decorator(func):
        async def new_func(*args, **kwargs):  # error: WRP001 col=9
            return await func(*args, **kwargs)

        dp.register_message_handler(new_func, *filters)

    return decorator


def handler(name):
    def decorator(func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        HANDLERS[name] = wrapper
        return func

    return decorator


@command("start")
async def start(message):
    return message


@handler("stop")
def stop(message):
    return message


def on_click(widget, fun):
    # A callback handed to a widget: no decorator, nobody looks it up by name.
    def eventfun(event):
        return fun(event.x, event.y)

    widget.bind("<Button-1>", eventfun)


def run_in_thread(icon):
    # A runner: it runs the function with nothing of its own, once.
    def inner(f):
        def setup(icon):
            f()

        icon.run(setup=setup)

    return inner


@run_in_thread(object())
def test_icon():
    pass


class Router:
    def route(self, path, endpoint=None):
        def register(view):
            HANDLERS[endpoint or view.__name__] = view
            return view

        return register

    def add(self, path, view, endpoint=None):
        HANDLERS[endpoint or view.__name__] = view


router = Router()


def get(path):
    def decorator(func):
        @router.route(path)  # registered by a decorator of its own
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return func

    return decorator


def named(path):
    def decorator(func):
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        # The registration names the view itself: it is not known as 'wrapper'.
        router.add(path, wrapper, endpoint=func.__name__)
        return func

    return decorator


@get("/a")
def view_a():
    return "a"


@named("/b")
def view_b():
    return "b"


def page(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    # Given the function's name for the path, not the function: nothing is copied.
    router.add("/" + func.__name__, wrapper)
    return func


@page
def view_c():
    return "c"

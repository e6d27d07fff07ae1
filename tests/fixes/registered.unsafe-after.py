import functools

HANDLERS = {}


class Router:
    def route(self, path):
        def register(view):
            HANDLERS[view.__name__] = view
            return view

        return register


router = Router()


def get(path):
    def decorator(func):
        @router.route(path)
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return func

    return decorator


@get("/a")
def view_a():
    return "a"

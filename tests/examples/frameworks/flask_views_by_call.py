"""Flask views registered by a call, behind a decorator that drops their names: each pair
stops the app at start-up. Both were missed (a hostile pass): the view bound to a name
first, and a class-based view wrapped after ``as_view``."""
from flask import Flask
from flask.views import View


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def e():
    return "e"


def f():
    return "f"


class C(View):
    def dispatch_request(self):
        return "c"


class D(View):
    def dispatch_request(self):
        return "d"


def create_app(views):
    if views == "named":
        named = Flask(__name__)
        timed_e = timeit(e)
        timed_f = timeit(f)
        named.add_url_rule("/e", view_func=timed_e)
        named.add_url_rule("/f", view_func=timed_f)  # error: WRP101 col=9
        return named
    classes = Flask(__name__)
    classes.add_url_rule("/c", view_func=timeit(C.as_view("c")))
    classes.add_url_rule("/d", view_func=timeit(D.as_view("d")))  # error: WRP101 col=5
    return classes

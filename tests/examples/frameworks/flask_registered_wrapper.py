"""A route decorator that registers its wrapper and returns the function itself: Flask
knows both views as the endpoint 'wrapper' and stops at start-up."""
from flask import Flask

app = Flask(__name__)


def route(path):
    def decorator(func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            print("calling", path)
            return func(*args, **kwargs)

        app.add_url_rule(path, view_func=wrapper)
        return func

    return decorator


@route("/a")
def first():
    return "a"


@route("/b")
def second():
    return "b"

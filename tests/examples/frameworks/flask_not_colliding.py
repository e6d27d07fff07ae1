"""Flask views behind damaging decorators that nonetheless start: what is not a collision.

A decorator that copies ``__name__`` by hand leaves each view its own endpoint (a hostile
pass found it reported as a collision); one view registered at two rules is one function
at one endpoint, which Flask allows (it was reported as colliding with itself).
"""
from flask import Flask


def named(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    return wrapper


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def renamed(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__name__ = f"logged_{func.__name__}"
    wrapper.__doc__ = func.__doc__
    return wrapper



def named_at_once(func):
    # The name and docstring copied in one assignment: a hostile pass found a WRP101
    # predicting a start-up crash that never comes.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = func.__name__, func.__doc__
    return wrapper


def named_by_setattr(func):
    # Copied with setattr: WRP001 saw the copy, WRP102 did not (url_for finds 's').
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    setattr(wrapper, "__name__", func.__name__)
    return wrapper


app = Flask(__name__)


@app.route("/t")
@named_at_once
def t():
    return "t"


@app.route("/u")
@named_at_once
def u():
    return "u"


@app.route("/s")
@named_by_setattr
def s():
    return "s"


@app.route("/h")
@named
def h():
    return "h"


@app.route("/i")
@named
def i():
    return "i"


@app.route("/r")  # error: WRP102 col=2
@renamed
def r():
    # A name made from the function's is its own: url_for('r') cannot find it.
    return "r"


@app.route("/a")  # error: WRP102 col=2
@app.route("/a2")  # error: WRP102 col=2
@timeit
def a():
    return "a"


def create_app():
    # Each factory makes an app of its own: its one view collides with nothing.
    app = Flask(__name__)

    @app.route("/")  # error: WRP102 col=6
    @timeit
    def index():
        return "index"

    return app


def create_other_app():
    app = Flask(__name__)

    @app.route("/")  # error: WRP102 col=6
    @timeit
    def home():
        return "home"

    return app

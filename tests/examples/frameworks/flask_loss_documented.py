"""A decorator documented as losing the name: WRP001 trusts the docstring, but Flask does
not read docstrings, and the two views still collide at start-up."""
from flask import Flask


def timeit(func):
    """Time a view. Does not preserve the function's name."""

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def legacy_timer(func):
    """Time a view, unlike the old timer, which did not preserve the name."""

    # Speaks of another decorator: no intent is stated here.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


app = Flask(__name__)


@app.route("/v1/predict/", methods=["POST"])
@timeit
def predict_v1():
    return {"version": 1}


@app.route("/v2/predict/", methods=["POST"])  # error: WRP101 col=2
@timeit
def predict_v2():
    return {"version": 2}

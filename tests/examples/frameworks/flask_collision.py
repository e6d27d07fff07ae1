"""Two Flask views behind a decorator that drops their names: the app cannot start."""
from flask import Flask


def timeit(func):
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

"""Quart shares Flask's endpoint rules, and its start-up failure."""
from quart import Quart


def timeit(func):
    async def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return await func(*args, **kwargs)

    return wrapper


app = Quart(__name__)


@app.route("/a")
@timeit
async def first():
    return "a"


@app.route("/b")  # error: WRP101 col=2
@timeit
async def second():
    return "b"

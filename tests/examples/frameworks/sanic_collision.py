"""Two Sanic routes behind a decorator that drops their names: the server cannot start."""
from sanic import Sanic
from sanic.response import text


def timeit(func):
    async def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return await func(*args, **kwargs)

    return wrapper


app = Sanic("sanic_collision")


@app.get("/a")
@timeit
async def first(request):
    return text("a")


@app.get("/b")  # error: WRP101 col=2
@timeit
async def second(request):
    return text("b")

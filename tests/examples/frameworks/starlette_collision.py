"""Two Starlette routes behind a decorator that drops their names: url_path_for breaks."""
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


def logged(func):
    async def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return await func(*args, **kwargs)

    return wrapper


@logged
async def homepage(request):
    return PlainTextResponse("home")


@logged
async def about(request):
    return PlainTextResponse("about")


async def health(request):
    return PlainTextResponse("ok")


app = Starlette(
    routes=[
        Route("/", homepage),
        Route("/about", endpoint=about),  # error: WRP101 col=9
        Route("/health", health),
        Route("/status", logged(health), name="status"),
    ]
)

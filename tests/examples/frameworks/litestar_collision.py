"""Two Litestar handlers on one path behind a decorator that drops their names."""
from typing import Any

from litestar import Litestar, get, post


def logged(func):
    def wrapper(*args: Any, **kwargs: Any) -> Any:  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@get("/items", sync_to_thread=False)
@logged
def list_items() -> list:
    return []


@post("/items", sync_to_thread=False)  # error: WRP101 col=2
@logged
def create_item() -> dict:
    return {}


@get("/health", sync_to_thread=False)
def health() -> str:
    return "ok"


app = Litestar([list_items, create_item, health])

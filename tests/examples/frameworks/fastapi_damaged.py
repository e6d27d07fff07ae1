"""A FastAPI route behind a decorator that hides its signature: every request gets 422."""
from fastapi import Depends, FastAPI


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


app = FastAPI()


@app.get("/items/{item_id}")  # error: WRP102 col=2
@timeit
def read_item(item_id: int):
    return {"item_id": item_id}


@timeit
def page_size(limit: int = 10):
    return limit


@app.get("/items")
def list_items(limit: int = Depends(page_size)):  # error: WRP102 col=29
    # A dependency's parameters are read as a route's are (a hostile pass found it missed).
    return {"limit": limit}

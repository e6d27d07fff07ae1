"""A FastAPI route behind a decorator that hides its signature: every request gets 422."""
from fastapi import FastAPI


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


app = FastAPI()


@app.get("/items/{item_id}")  # error: WRP102 col=2
@timeit
def read_item(item_id: int):
    return {"item_id": item_id}

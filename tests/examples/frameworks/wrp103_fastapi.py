"""A timing decorator with a plain wrapper on an async FastAPI endpoint: it times nothing."""
import asyncio
import functools
import time

from fastapi import FastAPI

#: What happened, in order: the timer stopping, the body finishing.
events = []


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            events.append(("timer stopped", time.perf_counter() - start))

    return wrapper


app = FastAPI()


@app.get("/report")
@timed  # error: WRP103 col=2
async def report():
    await asyncio.sleep(0.05)
    events.append(("body finished", None))
    return {"rows": 3}

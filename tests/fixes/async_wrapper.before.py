from functools import wraps


def cached(func):
    async def wrapper(*args):
        return await func(*args)

    return wrapper

from functools import wraps


def cached(func):
    @wraps(func)
    async def wrapper(*args):
        return await func(*args)

    return wrapper

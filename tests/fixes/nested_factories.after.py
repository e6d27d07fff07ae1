import functools


def retry(times):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for _ in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except OSError:
                    pass
            return func(*args, **kwargs)

        return wrapper

    return decorator


class Registry:
    def route(self, path):
        def decorator(view):
            async def handler(request):
                return await view(request)

            return handler

        return decorator

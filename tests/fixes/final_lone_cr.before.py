"""The last line ends with a lone CR, the others with LF: LibCST would drop it."""


def deco(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
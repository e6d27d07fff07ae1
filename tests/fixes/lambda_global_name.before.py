def wrapper():
    return "the module's wrapper"


def deco(func):
    global wrapper
    return lambda *args: func(*args)

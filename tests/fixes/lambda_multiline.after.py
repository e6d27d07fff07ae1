def deco(func):
    return lambda *args: (
        func(*args)
    )

"""WRP005: a decorator that returns a lambda calling the decorated function."""


def lambda_wrapper(func):
    return lambda *args, **kwargs: func(*args, **kwargs)  # error: WRP005 col=12


def conditional_lambda(func, enabled=True):
    return (lambda *args: func(*args)) if enabled else func  # error: WRP005 col=13


def async_lambda(func):
    return lambda *args: (await_result(func(*args)))


def lambda_decorator_idiom(name):
    # ``lambda f: ...`` that does not call ``name``: a registering idiom.
    return lambda f: setattr(f, "label", name) or f


def builds_from_result(cls, loader):
    # The lambda builds something else from the result: it stands in for nothing.
    return lambda *args: cls(loader(*args))


def lambda_returning_lambda(name):
    return lambda func: lambda *args: func(*args)


def await_result(value):
    return value

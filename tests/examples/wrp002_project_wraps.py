"""WRP002: a project's own ``wraps`` (testplan's ``callable.wraps``) as a bare statement.

The module imports nothing from functools: the project's ``wraps`` alone is enough. Its
call is reported only beside a wrapper that stands in for its argument.
"""
from testplan_like.common.utils.callable import wraps


def gen_testcase_with_pre(testcase_method, preludes):
    """Attach preludes to a testcase method."""
    wraps(testcase_method)  # error: WRP002 col=5
    def testcase_with_pre(*args, **kwargs):
        for prelude in preludes:
            prelude(testcase_method.__name__, *args)
        return testcase_method(*args, **kwargs)
    return testcase_with_pre


def with_arguments(func):
    wraps(func, assigned=("__name__",))  # error: WRP002 col=5
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def already_decorated(func):
    wraps(func)  # error: WRP002 col=5
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def no_wrapper_beside_it(func):
    # Nothing here stands in for func: the project's wraps may do anything.
    wraps(func)
    return func


def registers(registry, func):
    wraps(registry)
    def lookup(key):
        return registry[key]
    return lookup

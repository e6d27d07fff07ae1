"""Evidence added for issue 18's second round, from the maintainers' fixes it missed."""

import time
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def check(value):
    return value


def _constraints_by_inspection(function):
    # Previously missed (magic-constraints): a private builder, returned by the public
    # function that is applied with ``@`` below.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        slots = check(*args, **kwargs)
        return function(*slots)

    return wrapper


def _dispatch(args, build):
    return build(*args)


def function_constraints(*args):
    return _dispatch(args, _constraints_by_inspection)


@function_constraints
def add(a, b):
    return a + b


def _unused_builder(function):
    # Nobody applies what returns it: the same evidence, without the application, is only
    # a possible wrapper.
    def wrapper(*args, **kwargs):  # error: WRP007 col=5
        slots = check(*args, **kwargs)
        return function(*slots)

    return wrapper


def timer(task: Callable[..., Any]) -> Callable[..., Any]:
    # Previously missed (throttled-py): a function in, a function out, by the annotations.
    def timed(*args: Any, **kwargs: Any) -> Any:  # error: WRP001 col=5
        start = time.perf_counter()
        result = task(*args, **kwargs)
        print(time.perf_counter() - start)
        return result

    return timed


def traced(target: F) -> F:
    # The same through a type variable.
    def run(*args: Any, **kwargs: Any) -> Any:  # error: WRP001 col=5
        return target(*args, **kwargs)

    return run  # type: ignore[return-value]




def flip(function: Callable[[int, str], int]) -> Callable[[str, int], int]:
    # A combinator changes the type it takes: its annotations are no decorator's, and
    # it hands its arguments on in another order: another function, not reported.
    def flipped(b, a):
        return function(a, b)

    return flipped

class ReplyOnError:
    """Function decorator that sends what the decorated function returns to a client."""

    # Previously missed (astropy's SAMPMsgReplierWrapper): only the class's docstring
    # says that ``__call__`` takes the function to decorate.
    def __init__(self, client):
        self.client = client

    def __call__(self, f):
        def reply(*args):  # error: WRP001 col=9
            result = f(*args)
            self.client.send(result)

        return reply


class ReplyLater:
    """Sends what a function returns to a client."""

    # The same without the docstring's word: names alone, a possible wrapper.
    def __init__(self, client):
        self.client = client

    def __call__(self, f):
        def reply(request):  # error: WRP007 col=9
            result = f(request)
            self.client.send(result)

        return reply

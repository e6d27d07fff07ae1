"""Annotations and a copy by hand say "decorator" only where the closure could stand in
for the function: built from it alone, with its arguments and its result unchanged."""

import threading
from typing import Callable, TypeVar, Union

F = TypeVar("F", bound=Callable[..., object])
T = TypeVar("T")
Filter = Callable[..., bool]


def timed(func: F) -> F:
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def not_(fn: Filter) -> Filter:
    # A combinator (kopf): the negation of a filter, which its name would describe wrongly.
    def not_fn(*args, **kwargs):
        return not fn(*args, **kwargs)

    return not_fn


def length_conditional_mangler(
    length: int, mangler: Callable[[str], str]
) -> Callable[[str], str]:
    # Built with more than the function (dogpile.cache): a new key mangler.
    def mangle(key: str) -> str:
        if len(key) >= length:
            return mangler(key)
        return key

    return mangle


def trim_arity(func, max_limit=3):
    # An adapter that drops arguments and copies the name on purpose (pyparsing).
    def wrapper(*args):
        return func(*args[1:])

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def request_id_middleware(handler: Callable[..., object]) -> Callable[..., object]:
    # Middleware that injects by signature (molten): its parameters are its own, and none
    # of them reaches 'handler'. Typed (F) -> F, yet no plain stand-in: silent since the
    # refit of stop 51 (typed-in-adapter weighs -4; it was WRP007).
    def middleware(x_request_id: str) -> object:
        remember(x_request_id)
        return handler()

    return middleware


def remember(value: str) -> None:
    pass


def flip_compat_check(is_compat: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    # A combinator (mypy): the same check with its arguments flipped, another function.
    def new_is_compat(left: int, right: int) -> bool:
        return is_compat(right, left)

    return new_is_compat


def swap_then_log(func):
    # Applied with @, it is a decorator all the same: the order is its business.
    def wrapper(first, second):  # error: WRP001 col=5
        print("calling")
        return func(second, first)

    return wrapper


@swap_then_log
def divide(a, b):
    return a / b


def help_decorator(func):
    # A help-text fixture (clize): parameters of its own for the help it documents, its
    # own docstring, and only the name copied, on purpose. Applied, yet silent since the
    # refit of stop 51 (a new signature weighs -5, a copy in an adapter -2; it was WRP007).
    def _wrapper(one, *args, **kwargs):
        """Help of the wrapper: one is documented here."""
        return func(*args, **kwargs)

    _wrapper.__name__ = func.__name__
    return _wrapper


@help_decorator
def command(two):
    return two


Handler = Callable[[str, dict], None]


def session_wrapper(func: Callable[[str, dict, list, int], None]) -> Handler:
    # Declared to take four arguments, called from a handler of the framework's two
    # (ultimate-poll-bot's ``(update, context)``, which looks up a session and a user):
    # an adapter with a new signature, though applied: possible only. It was WRP001.
    def wrapper(update: str, context: dict) -> None:  # error: WRP007 col=5
        session: list = []
        func(update, context, session, len(session))

    return wrapper


@session_wrapper
def handle_search(update: str, context: dict, session: list, user: int) -> None:
    pass


def logged(func: Callable[[str, dict], None]) -> Callable[[str, dict], None]:
    # Declared to take what the closure takes: a plain stand-in, typed as one.
    def wrapper(update: str, context: dict) -> None:  # error: WRP001 col=5
        print("handling", update)
        func(update, context)

    return wrapper


class Job:
    pass


def controller(executor: str) -> Callable[[Callable[..., None]], Callable[..., Job]]:
    # Made a job of a function that returns nothing (xmanager): annotated to return
    # another kind of callable, a possible wrapper only. It was WRP001.
    def wrap(f: Callable[..., None]) -> Callable[..., Job]:
        def make_controller(*args, **kwargs):  # error: WRP007 col=9
            return launch(executor, f, *args, **kwargs)

        return make_controller

    return wrap


def in_background(func: Callable[..., None]) -> Callable[..., None]:
    # Returns nothing, as what it decorates: the same callable type.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        threading.Thread(target=func, args=args, kwargs=kwargs).start()

    return wrapper


def quiet(func: Callable[..., T]) -> Callable[..., Union[T, None]]:
    # None beside the function's own result: the same callable, which may fail quietly.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        try:
            return func(*args, **kwargs)
        except ValueError:
            return None

    return wrapper


def launch(executor: str, f: Callable[..., None], *args: object, **kwargs: object) -> Job:
    return Job()

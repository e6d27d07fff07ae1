"""Every way Python programs copy the metadata: no WRP001 here."""
import functools
import functools as ft
from functools import update_wrapper
from functools import wraps
import typing as t
from functools import wraps as _wraps

import six


def plain(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def from_import(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def module_alias(func):
    @ft.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def name_alias(func):
    @_wraps(func, assigned=("__name__", "__doc__"), updated=())
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def keyword_argument(func):
    @wraps(wrapped=func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def with_six(func):
    @six.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def update_statement(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    update_wrapper(wrapper, func)
    return wrapper


def update_returned(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return functools.update_wrapper(wrapper, func)


def wraps_applied(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper = functools.wraps(func)(wrapper)
    return wrapper


def project_helper(func):
    # A helper of the project's own that is given ``func``: it may copy; stay silent.
    @copy_signature(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def project_helper_given_a_name(func):
    # A helper given the function's name, read without a call: it may name the closure.
    @rename_to(func.__name__)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def rename_to(name):
    return lambda wrapper: wrapper


def copied_by_hand(func):
    # Every attribute functools.wraps sets, attribute by attribute: a deliberate full copy.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__qualname__ = func.__qualname__
    wrapper.__doc__ = func.__doc__
    wrapper.__module__ = func.__module__
    wrapper.__wrapped__ = func
    return wrapper


def copied_in_a_loop(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    for name in ("__module__", "__name__", "__qualname__", "__doc__", "__wrapped__"):
        setattr(wrapper, name, getattr(func, name, func))
    return wrapper


def copied_in_a_loop_over_a_constant(func):
    # Which names: not in sight, so taken as a complete copy.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    for name in functools.WRAPPER_ASSIGNMENTS:
        setattr(wrapper, name, getattr(func, name))
    return wrapper


_NAME_ATTRIBUTE = "__name__"


def copied_through_a_constant_of_the_module(func):
    # Previously missed (patool's test decorators): the module's constant names the one
    # attribute copied, so it is a half copy, not a complete one.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    setattr(wrapper, _NAME_ATTRIBUTE, getattr(func, _NAME_ATTRIBUTE))
    return wrapper


_MARKER = "_registered"


def copies_a_marker_through_a_constant(func):
    # Names no metadata: an attribute of the project's own, copied on purpose.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    setattr(wrapper, _MARKER, getattr(func, _MARKER))
    return wrapper


def copied_through_a_local_of_the_same_name(func):
    # Bound in the function, the name is not the module's constant: not in sight.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    for _NAME_ATTRIBUTE in functools.WRAPPER_ASSIGNMENTS:
        setattr(wrapper, _NAME_ATTRIBUTE, getattr(func, _NAME_ATTRIBUTE))
    return wrapper


def renamed_on_purpose(func, name):
    # The closure is given an identity of its own, and nothing says it is a decorator.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__name__ = name
    return wrapper


def command(name):
    # twitchbot's ``bot_command``: a name of its own, but applied with ``@``, and the
    # docstring, module, qualified name and __wrapped__ are still lost.
    def decorator(func):
        def wrapper(message, **kwargs):  # error: WRP001 col=9
            return func(message, **kwargs)

        wrapper.__name__ = name
        return wrapper

    return decorator


@command(name="exit")
def exit_command(message):
    """Stop the bot."""


def _build_wrapper(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def copies_for_helper(func):
    # The helper's result is copied onto by its caller (functools.lru_cache does this).
    wrapper = _build_wrapper(func)
    return update_wrapper(wrapper, func)


def copy_signature(func):
    return lambda wrapper: wrapper


def method_or_function(f, name=None):
    # The caller may give the name: it is the function's only by default, an identity
    # taken from another parameter (xarray's _func_slash_method_wrapper).
    if name is None:
        name = f.__name__

    def func(self, *args, **kwargs):
        return f(self, *args, **kwargs)

    func.__name__ = name
    func.__doc__ = f.__doc__
    return func


def authenticate(func):
    # pycroft (set EG): wraps typed through typing.cast, which returns it unchanged.
    @t.cast(t.Callable[[t.Any], t.Any], functools.wraps(func))
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper

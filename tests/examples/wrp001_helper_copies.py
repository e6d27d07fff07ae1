"""WRP001 helper-copied-metadata: a project's own copying helper, read where it is defined.

A helper given both the wrapper and the function counts as a copy. Where its definition is
in sight and shows what it copies, a copy without ``__wrapped__`` is a half copy, as one
written inline is (importlib's bootstrap: ``_wrap(new, old)``).
"""
import functools

from elsewhere import copy_metadata


def _wrap(new, old):
    """Simple substitute for functools.update_wrapper."""
    for replace in ["__module__", "__name__", "__qualname__", "__doc__"]:
        if hasattr(old, replace):
            setattr(new, replace, getattr(old, replace))
    new.__dict__.update(old.__dict__)


def _copy_name(new, old):
    new.__name__ = old.__name__
    new.__doc__ = old.__doc__


def _copy_all(new, old):
    for name in ("__module__", "__name__", "__qualname__", "__doc__", "__wrapped__"):
        setattr(new, name, getattr(old, name, old))


def _update(new, old):
    functools.update_wrapper(new, old)


def _copy_and_return(new, old):
    new.__module__ = old.__module__
    new.__name__ = old.__name__
    new.__doc__ = old.__doc__
    return new


def _label(new, old):
    new.__name__ = old.__name__
    new.label = "checked"


def requires_builtin(fxn):
    """Decorator to verify the named module is built-in."""

    def _requires_builtin_wrapper(self, fullname):  # error: WRP001 col=5
        return fxn(self, fullname)

    _wrap(_requires_builtin_wrapper, fxn)
    return _requires_builtin_wrapper


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    _copy_name(wrapper, func)
    return wrapper


def half_copy_in_a_loop(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(wrapper, name, getattr(func, name))
    return wrapper


def local_helper(func):
    def _copy(new, old):
        new.__doc__ = old.__doc__

    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    _copy(wrapper, func)
    return wrapper


def helper_sets_wrapped(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    _copy_all(wrapper, func)
    return wrapper


def helper_calls_update_wrapper(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    _update(wrapper, func)
    return wrapper


def helper_imported(func):
    # What an imported helper copies is not in sight: a copy.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    copy_metadata(wrapper, func)
    return wrapper


def helper_does_more(func):
    # A helper that sets attributes of its own is not read as a plain copy.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    _label(wrapper, func)
    return wrapper


def helper_rebound(func, _copy_name=copy_metadata):
    # The name is a parameter here, not the module's helper.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    _copy_name(wrapper, func)
    return wrapper


def helper_bound_by_assignment(func):
    _wrap = getattr(func, "copier", copy_metadata)

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    _wrap(wrapper, func)
    return wrapper


def returned_through_the_helper(func):
    # linkchecker's decorators: the helper copies some metadata onto the closure and hands
    # it back, as ``_copy_and_return(wrapper, func); return wrapper`` would.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return _copy_and_return(wrapper, func)


def returned_through_a_helper_that_returns_nothing(func):
    # What ``_copy_name`` returns is None, not the closure.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return _copy_name(wrapper, func)


def returned_through_a_parameter(func, _copy_and_return=copy_metadata):
    # The name is a parameter here, not the module's helper: what it returns is unknown.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return _copy_and_return(wrapper, func)


def returned_through_a_local_of_that_name(func):
    # A local of the helper's name hides it: what it returns is unknown.
    _copy_and_return = copy_metadata

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return _copy_and_return(wrapper, func)

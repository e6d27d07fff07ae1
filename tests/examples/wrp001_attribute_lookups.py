"""No WRP001 or WRP007 of ``__getattr__``'s closures: the parameter of ``__getattr__``
holds the attribute's name, a string, never the function a closure stands in for. A
closure that hands it on is an attribute made from its name (openhtf's validators,
fastcore's HTML tags, a remote method), not a wrapper.
"""


class Validators:
    # Previously WRP007: the name and the arguments go to a factory of validators.
    def __getattr__(self, name):
        def _with_validator(*args, **kwargs):
            return self.with_validator(create_validator(name, *args, **kwargs))

        return _with_validator


class Rpc:
    def __getattr__(self, name):
        def method(*args):
            return self._call(name, *args)

        return method


def __getattr__(tag):
    # Previously WRP007: a module's attributes made from their names (PEP 562).
    def _f(*children, **kwargs):
        return create_validator(tag, *children, **kwargs)

    return _f


class Delegator:
    # Left silent: a closure that stands in for the attribute it looked up. Its evidence
    # is a plain delegator's, and maintainers leave those (frontik's Delegator); a
    # ``functools.wraps(attribute)`` left as a bare statement is WRP002.
    def __init__(self, target):
        self._target = target

    def __getattr__(self, name):
        attribute = getattr(self._target, name)

        def method_wrapper(*args, **kwargs):
            return attribute(*args, **kwargs)

        return method_wrapper


def create_validator(name, *args, **kwargs):
    return (name, args, kwargs)

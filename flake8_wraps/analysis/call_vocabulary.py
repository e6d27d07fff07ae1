"""The callees whose meaning the closure analysis knows by name: builtins that only read
their arguments as data, and runners that run the function they are given.

:mod:`closures` asks them when it decides whether a closure calls an enclosing parameter,
hands it on to be run, or only reads it.
"""

from __future__ import annotations

#: Builtins whose arguments are data, never a function to run.
DATA_CONSUMERS = frozenset(
    {
        "isinstance",
        "issubclass",
        "getattr",
        "setattr",
        "hasattr",
        "delattr",
        "type",
        "id",
        "print",
        "repr",
        "str",
        "len",
        "format",
        "cast",
        "callable",
    }
)
#: Keywords that name the function a call will run.
CALLABLE_KEYWORDS = frozenset({"target", "func", "fn", "function"})
#: Callees that run their (first or second) positional argument as a function.
RUNNERS = frozenset(
    {
        "Thread",
        "Process",
        "Timer",
        "MethodType",
        "run_in_executor",
        "submit",
        "call_soon",
        "call_soon_threadsafe",
        "call_later",
        "call_at",
        "to_thread",
        "run_sync",
        "start_new_thread",
        "spawn",
        "apply",
        "apply_async",
        "deferToThread",
        "run_coroutine_threadsafe",
    }
)


#: Method names that run their first argument with the arguments unpacked after it.
GENERIC_RUNNERS = frozenset({"call", "run", "runcall", "callInThread", "maybeDeferred"})

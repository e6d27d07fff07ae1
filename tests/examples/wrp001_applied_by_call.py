"""Closures that a decorator factory's decorator is applied to with a call instead of
``@``: ``return bot.on_message(event)(wrapper)`` registers the closure and returns what
the registration gives back, as ``@bot.on_message(event)`` above the def would.
HoshinoBot's service decorators had this shape; its maintainers added
``functools.wraps``, because the bot logs and lists each handler by its name.
"""

import functools

import numba
from click import Command
from tasks import task as register_task


class Bot:
    def on_message(self, event):
        def register(handler):
            self.handlers[event] = handler
            return handler

        return register


bot = Bot()


class Service:
    def on_message(self, event="group"):
        def deco(func):
            async def wrapper(ctx):  # error: WRP001 col=13
                if self.allowed(ctx):
                    return await func(bot, ctx)

            return bot.on_message(event)(wrapper)

        return deco

    def on_notice(self, event="notice"):
        def deco(func):
            async def wrapper(*args, **kwargs):  # error: WRP001 col=13
                return await func(*args, **kwargs)

            wrapper = bot.on_message(event)(wrapper)
            return wrapper

        return deco


def compiled(func):
    """Decorator: compile the call. Left silent: numba compiles the closure, and
    ``functools.wraps`` on a compiled closure breaks it."""

    def wrapper(*args):
        return func(*args)

    wrapper = numba.njit(wrapper)
    return wrapper


def compiled_with_options(func):
    """Decorator: compile the call, caching the machine code. Left silent, likewise."""

    def wrapper(*args):
        return func(*args)

    return numba.njit(cache=True)(wrapper)


def copied(func):
    """Decorator: log each call. Left silent: ``wraps(func)(wrapper)`` copies."""

    def wrapper(*args, **kwargs):
        print("calling", func)
        return func(*args, **kwargs)

    return functools.wraps(func)(wrapper)


def deferred(func, result):
    """Left silent: the closure is a callback added to a deferred result, which is
    returned; no decorator is applied to it."""

    def callback(*args, **kwargs):
        return func(*args, **kwargs)

    return result.add_callback(callback)


def command(func):
    """Decorator: announce each run. Reported: an imported decorator applied by a call in
    the return statement keeps the closure under its own name, as ``@register_task``
    above the def would (py-mina's ``return fabric.api.task(task_wrapper)``)."""

    def runner(*args, **kwargs):  # error: WRP001 col=5
        print("running", func)
        return func(*args, **kwargs)

    return register_task(runner)


def as_command(func):
    """Decorator: make a command. Left silent: a class called with the closure builds an
    object of its own."""

    def runner(*args, **kwargs):
        return func(*args, **kwargs)

    return Command(runner)


def collected(func):
    """Decorator: collect the call. Left silent: a helper of this module may build
    something else of the closure."""

    def runner(*args, **kwargs):
        return func(*args, **kwargs)

    return into_list(runner)


def into_list(function):
    return [function]

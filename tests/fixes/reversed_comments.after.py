"""update_wrapper's arguments reversed, one a line with comments: each comment follows its
argument, and the line ends that carry none stay as they were."""
import functools


def commented(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(
        wrapper,  # the wrapper: takes it
        func,  # the function: gives its name
    )
    return wrapper


def closing_on_its_own_line(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(
        wrapper,  # the wrapper
        func  # the function
    )
    return wrapper


def one_commented(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(
        wrapper,  # only this one
        func,
    )
    return wrapper


def same_line(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(wrapper,  # stays: the other argument ends no line
                             func)
    return wrapper

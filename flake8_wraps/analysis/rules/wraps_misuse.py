"""WRP002-WRP004: ``functools.wraps`` or ``update_wrapper`` used, but used wrong: a bare
``wraps(func)`` statement, ``@wraps`` without arguments, and the arguments reversed."""

from __future__ import annotations

import ast
from typing import Iterator, Optional

from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.context import ModuleContext
from flake8_wraps.analysis.findings import Finding, Fix, call_source, finding, short_source
from flake8_wraps.analysis.fix_safety import decorate_safety
from flake8_wraps.analysis.frames import (
    block_holding,
    callable_parameters,
    stood_in_parameter,
    top_level_calls,
)
from flake8_wraps.analysis.names import dotted_source, is_name, terminal_name


class WrapsMisuse(ModuleContext):
    """WRP002 (a discarded call), WRP003 (no arguments), WRP004 (reversed arguments)."""

    __slots__ = ()

    # -- WRP002 ------------------------------------------------------------------------

    def _discarded_wraps_calls(self, bare_calls: list[ast.Call]) -> Iterator[Finding]:
        """Bare ``wraps(func)`` statements. A ``wraps`` of the project's own (``from
        .utils import wraps``) counts only beside a wrapper that stands in for ``func``,
        and gets no fix: what else it does is unknown, and a person moves it."""
        discarded = [call for call in bare_calls if self._is_any_wraps(call.func)]
        if not discarded:
            return  # most modules: then no function's statements need be listed
        frame_of_call = {
            id(call): frame for frame in self.module.frames for call in frame.calls
        }
        for call in discarded:
            own = not self._is_wraps(call.func)
            text = "{}({})".format(
                dotted_source(call.func), short_source(call.args[0]) if call.args else ""
            )
            fix = None
            frame = frame_of_call.get(id(call))
            argument = (
                call.args[0].id if call.args and isinstance(call.args[0], ast.Name) else None
            )
            copied = (
                self._copy_from(frame, argument)
                if frame is not None and argument is not None
                else None
            )
            if copied is not None:
                # ``update_wrapper(wrapper, func)`` beside it: the statement is dead.
                yield finding(
                    call, "copied-wraps-call", None, call=text, copy=copied[0],
                    copier=copied[1], wrapper=copied[2],
                )
                continue
            found = (
                self._wrapper_of(frame, argument, call)
                if frame is not None and argument is not None
                else None
            )
            if own and found is None:
                continue
            if (
                found is None
                and frame is not None
                and argument is not None
                and _returns_only(frame, argument)
            ):
                # flask-ask's ``launch(self, f)`` registers ``f``, calls ``wraps(f,
                # self._flask_view_func)`` and returns ``f``: there is no wrapper to decorate.
                yield finding(
                    call, "wraps-call-without-wrapper", None, call=text,
                    function=frame.node.name, wrapped=argument,
                )
                continue
            if found is not None and frame is not None and argument is not None:
                factory, target = found
                decorator = self._wraps_decorator(target)
                if decorator is not None:
                    # Already decorated: the statement is dead, and decorating the
                    # wrapper again would stack a second copy (a hostile pass).
                    yield finding(
                        call, "redundant-wraps-call", None, call=text,
                        wrapper=target.name, decorator=decorator,
                    )
                    continue
                held = block_holding(frame.node, call)
                if own or held is not None and (len(held[1]) == 1 or _shares_a_line(*held)):
                    # ``if debug: functools.wraps(func)``: removing it would leave the
                    # block empty; a person decides what the block is for, as where the
                    # project's own ``wraps`` may do more than copy, or where the
                    # statement shares its line (``wraps(func); x = 1``: ``fix`` refused
                    # what ``check`` had offered).
                    yield finding(call, "discarded-wraps-call", None, call=text,
                                  suggested=text)
                    continue
                # The fix decorates the wrapper, as WRP001's does: as safe as that.
                safety = decorate_safety(factory, target, argument, module=self.module)
                fix = Fix(
                    "move-to-decorator",
                    call.lineno,
                    text,
                    argument,
                    safety.safe,
                    target.name,
                    target.lineno,
                )
            # Without an argument to keep, the decorator to write needs one.
            suggested = text if call.args else f"{dotted_source(call.func)}(...)"
            yield finding(call, "discarded-wraps-call", fix, call=text, suggested=suggested)

    def _wraps_decorator(self, function: FunctionNode) -> Optional[str]:
        """``functools.wraps(func)`` as written above ``def function``, if it has one; a
        bare ``@functools.wraps`` too (WRP003's fix gives it its argument, and a second
        decorator written beside it would copy twice), and the project's own ``wraps``."""
        for decorator in function.decorator_list:
            if isinstance(decorator, ast.Call) and self._is_any_wraps(decorator.func):
                return "{}({})".format(
                    dotted_source(decorator.func),
                    ", ".join(short_source(argument) for argument in decorator.args),
                )
            if self._is_wraps(decorator):
                return dotted_source(decorator)
        return None

    def _copy_from(self, frame: Frame, wrapped: str) -> Optional[tuple[str, str, str]]:
        """``functools.update_wrapper(wrapper, wrapped)`` or ``wraps(wrapped)(wrapper)``
        among the statements and returned values of ``frame``: the call as written, its
        callee and the wrapper's name, if it has one."""
        for call in top_level_calls(frame):
            onto = source = None
            if self._is_update_wrapper(call.func) and len(call.args) >= 2:
                onto, source = call.args[0], call.args[1]
            elif (
                isinstance(call.func, ast.Call)
                and self._is_wraps(call.func.func)
                and call.func.args
                and len(call.args) == 1
            ):
                onto, source = call.args[0], call.func.args[0]
            if (
                isinstance(onto, ast.Name)
                and isinstance(source, ast.Name)
                and source.id == wrapped
            ):
                callee = call.func.func if isinstance(call.func, ast.Call) else call.func
                return call_source(call), dotted_source(callee) or "...", onto.id
        return None

    def _wrapper_of(
        self, frame: Frame, wrapped: str, call: ast.Call
    ) -> Optional[tuple[FunctionNode, FunctionNode]]:
        """The function that returns it and the def that stands in for ``wrapped``:
        ``frame``'s own, or one it returns. Of several it returns (a sync and an async
        wrapper), the def just below the statement ``call`` makes, which the author meant
        to decorate; below no such def, none (a hostile pass saw the fix decorate the
        other, and a second ``fix`` change the file again)."""
        parent = frame.parent
        if parent is not None and any(c is frame.node for c in self.returned_closures(parent)):
            if stood_in_parameter(frame.node, self._parameters(parent)) == wrapped:
                return parent.node, frame.node
        closures = [
            closure for closure in self.returned_closures(frame)
            if not isinstance(closure, ast.Lambda)
            and stood_in_parameter(closure, self._parameters(frame)) == wrapped
        ]
        if len(closures) > 1:
            held = block_holding(frame.node, call)
            if held is None:
                return None
            statement, block = held
            following = block[block.index(statement) + 1:block.index(statement) + 2]
            closures = [closure for closure in closures if closure in following]
        return (frame.node, closures[0]) if len(closures) == 1 else None

    # -- WRP003 ------------------------------------------------------------------------

    def _wraps_without_arguments(self) -> Iterator[Finding]:
        for function, frame, _ in self.module.decorated:
            for decorator in function.decorator_list:
                if not isinstance(decorator, ast.Call) and self._is_wraps(decorator):
                    wrapped = None
                    if frame is not None:
                        wrapped = stood_in_parameter(function, self._parameters(frame))
                        # A functools.partial has no name: what the decorator returns
                        # hides the decorated function completely.
                        self._damaging.append((frame, None, True, (), 0, ()))
                    spelling = dotted_source(decorator) or "functools.wraps"
                    fix = None
                    if wrapped is not None:
                        fix = Fix("replace-decorator", decorator.lineno, spelling, wrapped, True)
                    yield finding(
                        decorator,
                        "wraps-without-arguments",
                        fix,
                        spelling=spelling,
                        wrapper=function.name,
                        # Unknown (the wrapper calls self.func): a placeholder, not a
                        # name that may not be in scope.
                        wrapped=wrapped or "...",
                    )

    # -- WRP004 (reversed arguments) -----------------------------------------------------

    def _backward_copy_lines(
        self, assigns: list[ast.Assign], bare_calls: list[ast.Call]
    ) -> list[int]:
        """The lines, sorted, of every call WRP004 reads, as a statement, an assigned value
        or a returned value, in any function; ``assigns`` and ``bare_calls`` are the
        module's (``simple_statements`` into its definitions). Most modules have none, and
        a function that spans none of these lines need not have its statements listed."""
        values: list[ast.expr] = [assign.value for assign in assigns]
        values.extend(bare_calls)
        values.extend(value for frame in self.module.frames for value in frame.returns)
        return sorted(
            value.lineno
            for value in values
            if isinstance(value, ast.Call) and self._may_copy_backwards(value)
        )

    def _may_copy_backwards(self, call: ast.Call) -> bool:
        """``update_wrapper(...)`` or ``wraps(...)(...)``: a call WRP004 reads."""
        return terminal_name(call.func) in self._copying_names or type(call.func) is ast.Call

    def _reversed_update_wrapper(self, frame: Frame) -> Iterator[Finding]:
        """``update_wrapper(func, wrapper)`` and ``wraps(wrapper)(func)``."""
        calls = [call for call in top_level_calls(frame) if self._may_copy_backwards(call)]
        if not calls:
            return
        params = set(callable_parameters(frame.node, False))
        instance = None
        if frame.is_method and frame.node.name == "__init__" and frame.node.args.args:
            instance = frame.node.args.args[0].arg
        for call in calls:
            if _root_name(call) in _bound_locally(frame, params):
                # ``update_wrapper = copy_name_onto`` inside: not functools' argument order
                continue
            target = source = None
            edit = "swap-arguments"
            arguments = _wrapper_and_wrapped(call) if self._is_update_wrapper(call.func) else None
            if arguments is not None:
                target, source = arguments
                spelling = dotted_source(call.func)
                fixed = "{}({}, {})".format(spelling, short_source(source), short_source(target))
            elif (
                isinstance(call.func, ast.Call)
                and self._is_wraps(call.func.func)
                and call.func.args
                and call.args
            ):
                source, target = call.func.args[0], call.args[0]
                spelling = dotted_source(call.func.func)
                fixed = "{}({})({})".format(spelling, short_source(target), short_source(source))
                edit = "swap-application"
            if (
                isinstance(target, ast.Name)
                and isinstance(source, ast.Name)
                and target.id in params
                and self._stands_in(frame, source.id, target.id, instance)
            ):
                # As a statement the swap only changes what is copied where; returned or
                # assigned, it also changes which object the caller gets: unsafe.
                safe = any(call is statement for statement in frame.calls)
                written = list(call.args) + [keyword.value for keyword in call.keywords]
                # The edit swaps the first two arguments as written: these two, in any order.
                fixable = edit != "swap-arguments" or {id(node) for node in written[:2]} == {
                    id(target), id(source)
                }
                yield finding(
                    call,
                    "reversed-update-wrapper",
                    Fix(edit, call.lineno, spelling or "", target.id, safe) if fixable else None,
                    call=call_source(call),
                    wrapper=source.id,
                    wrapped=target.id,
                    fixed_call=fixed,
                )

    @staticmethod
    def _stands_in(frame: Frame, name: str, wrapped: str, instance: Optional[str]) -> bool:
        """Whether ``name`` is the wrapper of ``wrapped`` in ``frame``.

        True for a nested def that stands in for ``wrapped``, and for the ``self`` of a
        class-based decorator's ``__init__``. Django's ``update_wrapper(_wrapper, dummy)``
        copies from a def that wraps nothing onto a parameter, on purpose.
        """
        if name == instance:
            return True
        return any(
            stood_in_parameter(definition, frozenset((wrapped,))) == wrapped
            for definition in frame.local_defs.get(name, ())
        )


def _wrapper_and_wrapped(call: ast.Call) -> Optional[tuple[ast.expr, ast.expr]]:
    """The ``wrapper`` and ``wrapped`` arguments of an ``update_wrapper`` call, given by
    position or by keyword (``update_wrapper(wrapper=func, wrapped=inner)``)."""
    if any(isinstance(argument, ast.Starred) for argument in call.args):
        return None
    named = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    target = call.args[0] if call.args else named.get("wrapper")
    source = call.args[1] if len(call.args) >= 2 else named.get("wrapped")
    if target is None or source is None:
        return None
    return target, source


def _root_name(call: ast.Call) -> Optional[str]:
    """``update_wrapper`` of ``update_wrapper(...)``, ``functools`` of
    ``functools.update_wrapper(...)`` and ``functools.wraps(...)(...)``."""
    callee = call.func
    while isinstance(callee, (ast.Call, ast.Attribute)):
        callee = callee.func if isinstance(callee, ast.Call) else callee.value
    return callee.id if isinstance(callee, ast.Name) else None


def _bound_locally(frame: Frame, params: set[str]) -> set[str]:
    """The names the function binds itself: its parameters, its assignments, its nested
    definitions and its imports of anything but ``functools``: each hides the module's."""
    bound = set(params) | set(frame.local_defs)
    for assign in frame.assigns:
        bound.update(t.id for t in assign.targets if isinstance(t, ast.Name))
    for node in ast.walk(frame.node):
        if isinstance(node, ast.Import):
            bound.update(
                (a.asname or a.name).partition(".")[0] for a in node.names if a.name != "functools"
            )
        elif isinstance(node, ast.ImportFrom) and node.module != "functools":
            bound.update(a.asname or a.name for a in node.names)
    return bound


def _returns_only(frame: Frame, name: str) -> bool:
    """Whether every ``return`` of the function hands back ``name`` itself, and one does."""
    return bool(frame.returns) and all(is_name(value, name) for value in frame.returns)


def _shares_a_line(statement: ast.stmt, block: list[ast.stmt]) -> bool:
    """Whether another statement of ``block`` stands on a line of ``statement``."""
    return any(
        other is not statement
        and other.lineno <= (statement.end_lineno or statement.lineno)
        and statement.lineno <= (other.end_lineno or other.lineno)
        for other in block
    )

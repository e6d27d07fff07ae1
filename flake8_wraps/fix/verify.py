"""The proof that a fix did what it planned: the same edits made with ``ast`` to the
original tree must give the tree of the fixed source, and every name the fix writes must
mean, where it is written, what the fix meant."""

from __future__ import annotations

import ast
import warnings
from collections import Counter
from typing import Callable, NamedTuple, Optional, Sequence

from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.analysis.fix_safety import getter_position
from flake8_wraps.analysis.names import dotted_source
from flake8_wraps.config import Config
from flake8_wraps.errors import one_line
from flake8_wraps.fix.index import FixError, TreeIndex
from flake8_wraps.fix.scopes import Scopes
from flake8_wraps.project.checker import check


def verify(
    source: bytes,
    checked: Sequence[Finding],
    fixed_source: bytes,
    plans: list[Fix],
    spelled: dict[int, str],
    added_import: Optional[ast.Import],
    config: Config,
    reusable: Optional[tuple[ast.Module, TreeIndex]] = None,
) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fixed_tree = ast.parse(fixed_source)
    except SyntaxError as error:
        raise FixError(f"the fixed source does not parse ({one_line(error)})") from error
    _verify_compiles(source, fixed_tree)
    expected, uses = _expected_tree(source, plans, spelled, reusable)
    fixed_imports, fixed_rest = _split_imports(fixed_tree)
    expected_imports, expected_rest = _split_imports(expected)
    if added_import is not None:
        expected_imports[ast.dump(added_import)] += 1
    if fixed_rest != expected_rest or fixed_imports != expected_imports:
        raise FixError("the fixed source is not the original plus the fix")
    if ast.get_docstring(fixed_tree, clean=False) != ast.get_docstring(expected, clean=False):
        # An import put above ``"""Doc."""; import os`` keeps every statement, but the
        # string is no longer the module's docstring.
        raise FixError("the fixed source loses the module's docstring")
    _verify_names(expected, added_import, uses, config)
    # Lines move, so fixes are compared by what they do: each kind of fix made must be
    # reported that many times fewer than before.
    before = Counter(_fix_key(f.fix) for f in checked if f.fix)
    after = Counter(
        _fix_key(f.fix) for f in check(fixed_tree, None, config, fixed_source) if f.fix
    )
    made = Counter(_fix_key(plan) for plan in plans)
    if any(after[key] > before[key] - count for key, count in made.items()):
        # The fixed source is checked without the file's path, and so without what the
        # path tells (test code silences a helper that no test applies: a hostile pass
        # of stop 86 saw 'fix' refuse a sibling's fix for it): the original, checked the
        # same way, counts too.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            original = ast.parse(source)
        plain = Counter(_fix_key(f.fix) for f in check(original, None, config, source) if f.fix)
        before = before | plain  # the larger count of each
    for key, count in made.items():
        if after[key] > before[key] - count:
            raise FixError(f"a fix ({key[0]} {key[1]}) is still reported after it was made")


def _verify_compiles(source: bytes, fixed_tree: ast.Module) -> None:
    """The fixed source must compile wherever the original did: ``ast.parse`` accepts what
    only the compiler refuses (an import put above ``from __future__ import ...; x = 1``).
    Compiling builds code objects and runs nothing."""
    error = _compile_error(fixed_tree)
    if error is None:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            original = ast.parse(source)
    except SyntaxError:  # pragma: no cover - checked before any fix is planned
        original = None
    if original is not None and _compile_error(original) is None:
        raise FixError(f"the fixed source does not compile ({error})")


def _compile_error(tree: ast.Module) -> Optional[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(tree, "<fixed>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return one_line(error)
    return None


class _Use(NamedTuple):
    """A call of a metadata-copying function that the fix puts somewhere."""

    #: The statement it is evaluated with: the def it decorates, or the call statement.
    anchor: ast.stmt
    #: The callee as written (``functools.wraps``, ``_wraps``).
    callee: str
    #: ``wraps`` or ``update_wrapper``: what it must mean.
    function: str
    #: The line of the edit, in the original file.
    line: int


def _verify_names(
    expected: ast.Module, added_import: Optional[ast.Import], uses: list[_Use], config: Config
) -> None:
    """Each call the fix writes must mean, where it is evaluated, what the fix intends.

    The trees compared above are equal, so the fixed file's scopes are those of the
    expected tree (plus the added import): the name is resolved there, in the scope of the
    edit, by Python's rules. A name the file rebinds on the way (``def retry(wraps=3)``,
    ``functools = "x"``) resolves to something else, and the fix is refused.
    """
    if not uses:
        return
    body: list[ast.stmt] = [added_import] if added_import is not None else []
    scopes = Scopes(ast.Module(body=body + expected.body, type_ignores=[]))
    for use in uses:
        meant = scopes.resolve(use.callee, scopes.scope_of(use.anchor), use.line)
        allowed = (
            config.wraps_functions if use.function == "wraps" else config.update_wrapper_functions
        )
        if meant not in allowed:
            raise FixError(
                f"'{use.callee}' would not mean functools.{use.function} on line {use.line}"
            )


def _fix_key(fix: Fix) -> tuple[str, str, str]:
    return fix.edit, fix.name, fix.wrapped


def _split_imports(tree: ast.Module) -> tuple[Counter[str], str]:
    """Module-level imports (as a multiset) and the dump of everything else."""
    imports: Counter[str] = Counter()
    rest = []
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            imports[ast.dump(statement)] += 1
        else:
            rest.append(statement)
    return imports, ast.dump(ast.Module(body=rest, type_ignores=[]))


def _expected_tree(
    source: bytes,
    plans: list[Fix],
    spelled: dict[int, str],
    reusable: Optional[tuple[ast.Module, TreeIndex]] = None,
) -> tuple[ast.Module, list[_Use]]:
    """The original tree with each plan applied by ``ast``: what the fix must produce, and
    the calls of ``wraps``/``update_wrapper`` the plans put in it.

    The original tree and its index when the caller is done with them, else a fresh
    parse (not a deep copy: ``copy.deepcopy`` recurses, the parser does not).
    """
    if reusable is not None:
        expected, index = reusable
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = ast.parse(source)
        index = TreeIndex(expected)
    uses: list[_Use] = []
    for plan in plans:
        spelling = spelled[id(plan)]
        if plan.edit == "decorate":
            function = index.function(plan.line, plan.name)
            wraps = _call_node(spelling, plan.wrapped)
            decorators = function.decorator_list
            position = len(decorators) if plan.innermost else getter_position(decorators)
            decorators.insert(position, wraps)
            uses.append(_Use(function, spelling, "wraps", plan.line))
            for line in plan.removed:
                block, statement = _statement_on(index, line)
                block.remove(statement)
        elif plan.edit == "move-to-decorator":
            block, statement = index.statement_in_block(plan.line, ast.Expr)
            block.remove(statement)
            call = statement.value  # type: ignore[attr-defined]
            target = index.function(plan.target_line, plan.target_name)
            target.decorator_list.insert(0, call)
            callee = dotted_source(call.func) if isinstance(call, ast.Call) else None
            if callee is None:
                raise FixError(f"no call statement on line {plan.line}")
            uses.append(_Use(target, callee, "wraps", plan.line))
        elif plan.edit == "replace-decorator":
            _replace_decorator(index, plan)
        elif plan.edit == "swap-arguments":
            call = _call_at(index, plan.line, lambda c: dotted_source(c.func) == plan.name)
            _swap_first_two(call)
        elif plan.edit == "swap-application":
            call = _call_at(
                index,
                plan.line,
                lambda c: isinstance(c.func, ast.Call)
                and bool(c.args and c.func.args)
                and dotted_source(c.func.func) == plan.name,
            )
            inner = call.func
            assert isinstance(inner, ast.Call)
            call.args[0], inner.args[0] = inner.args[0], call.args[0]
        elif plan.edit == "insert-before":
            block, statement = index.store_in_block(plan.line)
            inserted = ast.parse(f"{spelling}({plan.target_name}, {plan.wrapped})").body[0]
            block.insert(_position(block, statement), inserted)
            uses.append(_Use(inserted, spelling, "update_wrapper", plan.line))
        elif plan.edit == "lambda-to-def":
            block, statement = index.returned_lambda_in_block(plan.line)
            lambda_node = statement.value  # type: ignore[attr-defined]
            keyword = "async def" if any(
                isinstance(n, ast.Await) for n in ast.walk(lambda_node.body)
            ) else "def"
            replacement = ast.parse(
                f"@{spelling}({plan.wrapped})\n"
                f"{keyword} {plan.target_name}({ast.unparse(lambda_node.args)}):\n"
                f"    return {ast.unparse(lambda_node.body)}\n"
            ).body
            uses.append(_Use(replacement[0], spelling, "wraps", plan.line))
            replacement.append(ast.Return(value=ast.Name(id=plan.target_name, ctx=ast.Load())))
            position = _position(block, statement)
            block[position:position + 1] = replacement
    return expected, uses


def _statement_on(index: TreeIndex, line: int) -> tuple[list[ast.stmt], ast.stmt]:
    """The copy by hand on ``line`` (an assignment or a ``__dict__.update`` call)."""
    for kind in (ast.Assign, ast.Expr):
        if (line, kind) in index.statements:
            return index.statement_in_block(line, kind)
    raise FixError(f"no statement to remove on line {line}")


def _call_node(callee: str, argument: str) -> ast.expr:
    """``callee(argument)`` as ``ast`` parses it; built, not parsed, when both are dotted
    names (a parse per edit would cost more than the rest of the fix)."""
    parts = callee.split(".")
    if all(part.isidentifier() for part in parts) and argument.isidentifier():
        function: ast.expr = ast.Name(id=parts[0], ctx=ast.Load())
        for attribute in parts[1:]:
            function = ast.Attribute(value=function, attr=attribute, ctx=ast.Load())
        return ast.Call(func=function, args=[ast.Name(id=argument, ctx=ast.Load())], keywords=[])
    return ast.parse(f"{callee}({argument})", mode="eval").body


def _position(block: list[ast.stmt], statement: ast.stmt) -> int:
    """Where ``statement`` is now: earlier edits may have moved it in its block."""
    return next(i for i, candidate in enumerate(block) if candidate is statement)


def _call_at(index: TreeIndex, line: int, predicate: Callable[[ast.Call], bool]) -> ast.Call:
    for node in index.calls.get(line, ()):
        if predicate(node):
            return node
    raise FixError(f"no call to edit on line {line}")


def _replace_decorator(index: TreeIndex, plan: Fix) -> None:
    for node in index.decorated.get(plan.line, ()):
        for position, decorator in enumerate(node.decorator_list):
            callee = decorator.func if isinstance(decorator, ast.Call) else decorator
            at = getattr(decorator, "lineno", None)
            if at != plan.line or dotted_source(callee) != plan.name:
                continue
            wrapped = ast.Name(id=plan.wrapped, ctx=ast.Load())
            if isinstance(decorator, ast.Call):
                if decorator.args:
                    decorator.args[0] = wrapped
                else:
                    for keyword in decorator.keywords:
                        if keyword.arg == "wrapped":
                            keyword.value = wrapped
            else:
                node.decorator_list[position] = ast.Call(
                    func=decorator, args=[wrapped], keywords=[]
                )
            return
    raise FixError(f"no decorator to edit on line {plan.line}")


def _swap_first_two(call: ast.Call) -> None:
    """Swap the values of the call's first two arguments as written, positional or
    keyword (``update_wrapper(wrapper=func, wrapped=inner)``): what the edit does."""
    positional = len(call.args)
    values = list(call.args) + [keyword.value for keyword in call.keywords]
    values[0], values[1] = values[1], values[0]
    call.args[:] = values[:positional]
    for keyword, value in zip(call.keywords, values[positional:]):
        keyword.value = value

"""The fixer: repairs findings with LibCST, keeping every byte it does not need to change.

Only files with something to fix are parsed with LibCST (ten times the cost of ``ast``).
Each fix is one edit (see ``analysis.Fix``), applied twice by two different libraries: by
LibCST to the concrete tree that is written, and by ``ast`` to the original abstract tree.
The result is written only when its abstract tree equals the expected one (plus the one
import the fix may add), and when the analysis no longer reports what was fixed.
Anything else leaves the file untouched and says why.

This module imports LibCST; nothing imports it but the command line's ``fix``.
"""

from __future__ import annotations

import ast
import warnings
from collections import Counter
from typing import NamedTuple, Optional, Sequence, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from flake8_wraps.analysis import Finding, Fix, free_name
from flake8_wraps.checker import check
from flake8_wraps.config import Config
from flake8_wraps.errors import one_line
from flake8_wraps.names import ImportedNames, dotted_source


class FixError(Exception):
    """A fix that could not be made or verified: the file must stay as it is."""


class FixResult(NamedTuple):
    """The fixed source, and which findings the fixes repaired."""

    source: bytes
    fixed: list[Finding]


class Spelling(NamedTuple):
    """How this file spells ``functools.wraps`` and ``functools.update_wrapper``."""

    wraps: str
    update_wrapper: str
    #: ``(module, asname)`` to import for the spelling that uses it, or None.
    module_import: Optional[tuple[str, Optional[str]]]
    #: Whether ``update_wrapper`` needs that import (``wraps`` came from an import).
    update_needs_import: bool
    wraps_needs_import: bool


def choose_spelling(tree: ast.Module) -> Spelling:
    """The names a careful human would use in this file.

    ``import functools as ft`` gives ``ft.wraps``; ``from functools import wraps as w``
    gives ``w``; otherwise ``import functools`` is added, under another name if
    ``functools`` is taken by something else.
    """
    imports = ImportedNames()
    for statement in tree.body:
        # Only the module's own imports: one inside a function, or under
        # ``if TYPE_CHECKING:``, does not bind the name where the fix uses it.
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            imports.add(statement)
    taken: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if isinstance(node, ast.Import) and alias.name == "functools":
                    continue  # the same module under the same name: no clash
                taken.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            taken.add(node.id)  # bound here (reading a name binds nothing)
        elif isinstance(node, ast.arg):
            taken.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            taken.add(node.name)
    bindings = imports.bindings()
    module = next((local for local, dotted in bindings.items() if dotted == "functools"), None)
    wraps = next((local for local, d in bindings.items() if d == "functools.wraps"), None)
    update = next((local for local, d in bindings.items() if d == "functools.update_wrapper"), None)
    import_needed = None
    if module is None and (wraps is None or update is None):
        module = free_name("functools", taken)
        import_needed = ("functools", None if module == "functools" else module)
    return Spelling(
        wraps or f"{module}.wraps",
        update or f"{module}.update_wrapper",
        import_needed,
        update is None and import_needed is not None,
        wraps is None and import_needed is not None,
    )


def fix_source(
    source: bytes, findings: Sequence[Finding], config: Config, unsafe: bool = False
) -> FixResult:
    """Apply the fixes of ``findings`` (safe ones, unless ``unsafe``) to ``source``.

    Raises FixError when a fix cannot be made or its result fails verification, and for
    any failure while fixing (a node shape not foreseen, input deeper than LibCST's
    recursion allows): the file must then stay as it is.
    """
    try:
        return _fix_source(source, findings, config, unsafe)
    except FixError:
        raise
    except (RecursionError, MemoryError) as error:
        raise FixError(f"the file is too deeply nested to fix ({type(error).__name__})")
    except Exception as error:
        raise FixError(f"internal error ({one_line(error)})") from error


def _fix_source(
    source: bytes, findings: Sequence[Finding], config: Config, unsafe: bool
) -> FixResult:
    chosen = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
    if not chosen:
        return FixResult(source, [])
    plans = [f.fix for f in chosen if f.fix is not None]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the user's invalid escapes are not ours
            tree = ast.parse(source)
        module = cst.parse_module(source)
    except (SyntaxError, ValueError, cst.ParserSyntaxError) as error:
        raise FixError(f"cannot parse ({one_line(error)})") from error
    spelling = choose_spelling(tree)
    moved = {plan.line: _call_text(source, tree, plan.line) for plan in plans
             if plan.edit == "move-to-decorator"}
    editor = _Editor(plans, spelling, module, moved)
    edited = MetadataWrapper(module, unsafe_skip_copy=True).visit(editor)
    missing = [
        plan
        for plan in plans
        if id(plan) not in editor.applied
        or (plan.edit == "move-to-decorator" and id(plan) not in editor.placed)
    ]
    if missing:
        raise FixError(f"could not find what to edit on line {missing[0].line}")
    added_import = None
    if spelling.module_import is not None and editor.used_import:
        name, asname = spelling.module_import
        edited = _with_import(edited, name, asname)
        added_import = ast.Import(names=[ast.alias(name=name, asname=asname)])
    fixed_source = edited.bytes
    _verify(source, tree, fixed_source, plans, spelling, added_import, config)
    return FixResult(fixed_source, chosen)


def _with_import(module: cst.Module, name: str, asname: Optional[str]) -> cst.Module:
    """``module`` with ``import name [as asname]`` where a careful human would put it.

    That is after the module docstring, ``__future__`` imports and the imports at the top
    of the module, or after the docstring when there are none. (LibCST's own
    ``AddImportsVisitor`` does the same, at ten times the cost: it resolves every scope.)
    """
    body = list(module.body)
    index = 0
    if body and _is_docstring(body[0]):
        index = 1
    while index < len(body) and _is_import(body[index]):
        index += 1
    text = f"import {name}" + (f" as {asname}" if asname else "") + module.default_newline
    statement = cst.parse_statement(text, config=module.config_for_parsing)
    body.insert(index, statement)
    return module.with_changes(body=body)


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _call_text(source: bytes, tree: ast.Module, line: int) -> str:
    """Source of the bare call statement on ``line`` (what becomes a decorator)."""
    text = source.decode(_encoding(source), errors="strict")
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and node.lineno == line and isinstance(node.value, ast.Call):
            segment = ast.get_source_segment(text, node.value)
            if segment is not None:
                return segment
    raise FixError(f"no call statement on line {line}")


def _encoding(source: bytes) -> str:
    import io
    import tokenize

    return tokenize.detect_encoding(io.BytesIO(source).readline)[0]


# -- the LibCST side ---------------------------------------------------------------------


class _Editor(cst.CSTTransformer):
    """Applies the plans to the concrete tree, each at the node on its line."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, plans: list[Fix], spelling: Spelling, module: cst.Module, moved: dict[int, str]
    ):
        super().__init__()
        self.plans = plans
        self.spelling = spelling
        self.module = module
        self.moved = moved
        self.applied: set[int] = set()
        #: move-to-decorator plans whose decorator is placed (the removal is ``applied``).
        self.placed: set[int] = set()
        #: Statements removed, to tidy the blank lines they leave at the top of a block.
        self.removed: set[int] = set()
        self.used_import = False

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _plans(self, edit: str, line: int) -> list[Fix]:
        return [
            p
            for p in self.plans
            if p.edit == edit and p.line == line and id(p) not in self.applied
        ]

    def _wraps(self, wrapped: str) -> cst.Decorator:
        if self.spelling.wraps_needs_import:
            self.used_import = True
        return cst.Decorator(decorator=cst.parse_expression(f"{self.spelling.wraps}({wrapped})"))

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        line = self._line(original_node.name)
        name = original_node.name.value
        decorators = list(updated_node.decorators)
        for plan in self.plans:
            if id(plan) in self.applied:
                continue
            if plan.edit == "decorate" and (plan.line, plan.name) == (line, name):
                decorators.insert(0, self._wraps(plan.wrapped))
                self.applied.add(id(plan))
        for plan in self.plans:
            if (
                plan.edit == "move-to-decorator"
                and id(plan) not in self.placed
                and (plan.target_line, plan.target_name) == (line, name)
            ):
                expression = cst.parse_expression(self.moved[plan.line])
                decorators.insert(0, cst.Decorator(decorator=expression))
                self.placed.add(id(plan))
        return updated_node.with_changes(decorators=decorators)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        """The comments of a removed statement stay, on the statement that follows it.

        Its blank lines go when it stood at the top of the block.
        """
        removed = [id(statement) in self.removed for statement in original_node.body]
        if not any(removed):
            return updated_node
        remaining = iter(updated_node.body)
        if len(updated_node.body) != removed.count(False):
            raise FixError("a block was edited in two ways at once")
        body: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        pending = False  # a statement was removed just before this one
        for original, was_removed in zip(original_node.body, removed):
            if was_removed:
                pending = True
                carried.extend(original.leading_lines)  # type: ignore[attr-defined]
                comment = original.trailing_whitespace.comment  # type: ignore[attr-defined]
                if comment is not None:
                    carried.append(cst.EmptyLine(comment=comment))
                continue
            statement = next(remaining)
            if pending:
                lines = carried + list(statement.leading_lines)  # type: ignore[attr-defined]
                if not body:
                    while lines and lines[0].comment is None:
                        lines.pop(0)
                statement = statement.with_changes(leading_lines=lines)
                carried, pending = [], False
            body.append(statement)
        if pending or not body:
            raise FixError("removing the statement would leave an empty block")
        return updated_node.with_changes(body=body)

    def leave_Decorator(
        self, original_node: cst.Decorator, updated_node: cst.Decorator
    ) -> cst.Decorator:
        for plan in self._plans("replace-decorator", self._line(original_node.decorator)):
            expression = updated_node.decorator
            callee = expression.func if isinstance(expression, cst.Call) else expression
            if self.module.code_for_node(callee) != plan.name:
                continue
            self.applied.add(id(plan))
            wrapped = cst.Arg(value=cst.Name(plan.wrapped))
            if isinstance(expression, cst.Call):
                arguments = list(expression.args)
                index = next(
                    (i for i, a in enumerate(arguments) if a.keyword is None or
                     a.keyword.value == "wrapped"),
                    None,
                )
                if index is None:
                    raise FixError(f"no wrapped argument on line {plan.line}")
                arguments[index] = arguments[index].with_changes(value=cst.Name(plan.wrapped))
                return updated_node.with_changes(decorator=expression.with_changes(args=arguments))
            return updated_node.with_changes(decorator=cst.Call(func=expression, args=[wrapped]))
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        line = self._line(original_node)
        for plan in self._plans("swap-arguments", line):
            if self.module.code_for_node(original_node.func) == plan.name and len(
                updated_node.args
            ) >= 2:
                self.applied.add(id(plan))
                first, second = updated_node.args[0], updated_node.args[1]
                arguments = [
                    first.with_changes(value=second.value),
                    second.with_changes(value=first.value),
                    *updated_node.args[2:],
                ]
                return updated_node.with_changes(args=arguments)
        for plan in self._plans("swap-application", line):
            inner = updated_node.func
            if (
                isinstance(inner, cst.Call)
                and inner.args
                and updated_node.args
                and self.module.code_for_node(inner.func) == plan.name
            ):
                self.applied.add(id(plan))
                outer_argument, inner_argument = updated_node.args[0], inner.args[0]
                inner = inner.with_changes(
                    args=[inner_argument.with_changes(value=outer_argument.value), *inner.args[1:]]
                )
                return updated_node.with_changes(
                    func=inner,
                    args=[outer_argument.with_changes(value=inner_argument.value),
                          *updated_node.args[1:]],
                )
        return updated_node

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> Union[
        cst.SimpleStatementLine, cst.FlattenSentinel[cst.BaseStatement], cst.RemovalSentinel
    ]:
        line = self._line(original_node)
        for plan in self._plans("move-to-decorator", line):
            self.applied.add(id(plan))
            self.removed.add(id(original_node))
            return cst.RemovalSentinel.REMOVE
        for plan in self._plans("insert-after", line):
            self.applied.add(id(plan))
            if self.spelling.update_needs_import:
                self.used_import = True
            inserted = cst.parse_statement(
                f"{self.spelling.update_wrapper}({plan.target_name}, {plan.wrapped})\n",
                config=self.module.config_for_parsing,
            )
            return cst.FlattenSentinel([updated_node, inserted])
        original = original_node.body[0] if len(original_node.body) == 1 else None
        returned = updated_node.body[0]
        if (
            isinstance(original, cst.Return)
            and isinstance(original.value, cst.Lambda)
            and isinstance(returned, cst.Return)
            and isinstance(returned.value, cst.Lambda)
        ):
            for plan in self._plans("lambda-to-def", self._line(original.value)):
                self.applied.add(id(plan))
                definition, new_return = self._lambda_as_def(returned.value, plan)
                # The return's comments stay: those above it go above the def, the one
                # at the end of its line to the new return.
                definition = definition.with_changes(leading_lines=updated_node.leading_lines)
                new_return = new_return.with_changes(
                    trailing_whitespace=updated_node.trailing_whitespace
                )
                return cst.FlattenSentinel([definition, new_return])
        return updated_node

    def _lambda_as_def(
        self, lambda_node: cst.Lambda, plan: Fix
    ) -> tuple[cst.FunctionDef, cst.SimpleStatementLine]:
        parameters = self.module.code_for_node(lambda_node.params)
        body = self.module.code_for_node(lambda_node.body)
        keyword = "async def" if _awaits(lambda_node.body) else "def"
        if self.spelling.wraps_needs_import:
            self.used_import = True
        newline = self.module.default_newline
        indent = self.module.default_indent
        text = (
            f"@{self.spelling.wraps}({plan.wrapped}){newline}"
            f"{keyword} {plan.target_name}({parameters}):{newline}"
            f"{indent}return {body}{newline}"
        )
        config = self.module.config_for_parsing
        definition = cst.parse_statement(text, config=config)
        new_return = cst.parse_statement(f"return {plan.target_name}{newline}", config=config)
        assert isinstance(definition, cst.FunctionDef)
        assert isinstance(new_return, cst.SimpleStatementLine)
        return definition, new_return


def _awaits(node: cst.CSTNode) -> bool:
    found = False

    class Finder(cst.CSTVisitor):
        def visit_Await(self, node: cst.Await) -> None:
            nonlocal found
            found = True

    node.visit(Finder())
    return found


# -- the ast side, and the verification --------------------------------------------------


def _verify(
    source: bytes,
    tree: ast.Module,
    fixed_source: bytes,
    plans: list[Fix],
    spelling: Spelling,
    added_import: Optional[ast.Import],
    config: Config,
) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fixed_tree = ast.parse(fixed_source)
    except SyntaxError as error:
        raise FixError(f"the fixed source does not parse: {error}") from error
    expected = _expected_tree(source, plans, spelling)
    fixed_imports, fixed_rest = _split_imports(fixed_tree)
    expected_imports, expected_rest = _split_imports(expected)
    if added_import is not None:
        expected_imports[ast.dump(added_import)] += 1
    if fixed_rest != expected_rest or fixed_imports != expected_imports:
        raise FixError("the fixed source is not the original plus the fix")
    # Lines move, so fixes are compared by what they do: each kind of fix made must be
    # reported that many times fewer than before.
    before = Counter(_fix_key(f.fix) for f in check(tree, None, config) if f.fix)
    after = Counter(_fix_key(f.fix) for f in check(fixed_tree, None, config) if f.fix)
    made = Counter(_fix_key(plan) for plan in plans)
    for key, count in made.items():
        if after[key] > before[key] - count:
            raise FixError(f"a fix ({key[0]} {key[1]}) is still reported after it was made")


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


def _expected_tree(source: bytes, plans: list[Fix], spelling: Spelling) -> ast.Module:
    """The original tree with each plan applied by ``ast``: what the fix must produce.

    A fresh parse, not a deep copy: ``copy.deepcopy`` recurses, the parser does not.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = ast.parse(source)
    blocks = _statement_lists(expected)
    for plan in plans:
        wraps = ast.parse(f"{spelling.wraps}({plan.wrapped})", mode="eval").body
        if plan.edit == "decorate":
            _function(expected, plan.line, plan.name).decorator_list.insert(0, wraps)
        elif plan.edit == "move-to-decorator":
            block, index = _statement_at(blocks, plan.line, ast.Expr)
            call = block.pop(index).value  # type: ignore[attr-defined]
            _function(expected, plan.target_line, plan.target_name).decorator_list.insert(0, call)
        elif plan.edit == "replace-decorator":
            _replace_decorator(expected, plan)
        elif plan.edit == "swap-arguments":
            call = _call_at(expected, plan.line, lambda c: dotted_source(c.func) == plan.name)
            call.args[0], call.args[1] = call.args[1], call.args[0]
        elif plan.edit == "swap-application":
            call = _call_at(
                expected,
                plan.line,
                lambda c: isinstance(c.func, ast.Call)
                and bool(c.args and c.func.args)
                and dotted_source(c.func.func) == plan.name,
            )
            inner = call.func
            assert isinstance(inner, ast.Call)
            call.args[0], inner.args[0] = inner.args[0], call.args[0]
        elif plan.edit == "insert-after":
            block, index = _statement_at(blocks, plan.line, ast.Assign)
            statement = ast.parse(f"{spelling.update_wrapper}({plan.target_name}, {plan.wrapped})")
            block.insert(index + 1, statement.body[0])
        elif plan.edit == "lambda-to-def":
            block, index = _statement_at(blocks, plan.line, ast.Return, lambda_line=True)
            lambda_node = block[index].value  # type: ignore[attr-defined]
            keyword = "async def" if any(
                isinstance(n, ast.Await) for n in ast.walk(lambda_node.body)
            ) else "def"
            replacement = ast.parse(
                f"@{spelling.wraps}({plan.wrapped})\n"
                f"{keyword} {plan.target_name}({ast.unparse(lambda_node.args)}):\n"
                f"    return {ast.unparse(lambda_node.body)}\n"
            ).body
            replacement.append(ast.Return(value=ast.Name(id=plan.target_name, ctx=ast.Load())))
            block[index:index + 1] = replacement
    return expected


def _statement_lists(tree: ast.Module) -> list[list[ast.stmt]]:
    lists = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                lists.append(block)
    return lists


def _statement_at(
    blocks: list[list[ast.stmt]], line: int, kind: type, lambda_line: bool = False
) -> tuple[list[ast.stmt], int]:
    for block in blocks:
        for index, statement in enumerate(block):
            if not isinstance(statement, kind):
                continue
            positioned = statement.value if lambda_line else statement  # type: ignore[attr-defined]
            at = getattr(positioned, "lineno", None)
            if at == line:
                return block, index
    raise FixError(f"no statement to edit on line {line}")


def _function(
    tree: ast.Module, line: int, name: str
) -> Union[ast.FunctionDef, ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            node.lineno,
            node.name,
        ) == (line, name):
            return node
    raise FixError(f"no function {name} on line {line}")


def _call_at(tree: ast.Module, line: int, predicate: object) -> ast.Call:
    for node in ast.walk(tree):
        # Nodes the earlier edits inserted have no position: they are not the target.
        if (
            isinstance(node, ast.Call)
            and getattr(node, "lineno", None) == line
            and predicate(node)  # type: ignore[operator]
        ):
            return node
    raise FixError(f"no call to edit on line {line}")


def _replace_decorator(tree: ast.Module, plan: Fix) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for index, decorator in enumerate(node.decorator_list):
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
                node.decorator_list[index] = ast.Call(func=decorator, args=[wrapped], keywords=[])
            return
    raise FixError(f"no decorator to edit on line {plan.line}")

"""The LibCST transformer that applies the planned edits to the statements the fixer parsed,
changing no byte it does not need to."""

from __future__ import annotations

import io
import re
import tokenize
from typing import Optional, Union

import libcst as cst
from libcst.metadata import PositionProvider

from flake8_wraps.analysis.findings import Fix
from flake8_wraps.analysis.names import GETTER_DESCRIPTORS
from flake8_wraps.fix.index import FixError

#: A comment that speaks of its own line (``# type: ignore``, ``# noqa: E501``,
#: ``# pyright: ignore``, ``# pragma: no cover``): on a removed copy it goes with the
#: line; kept on a line of its own it would speak of nothing, or of the whole module.
_LINE_PRAGMA = re.compile(
    r"#\s*(?:type:\s*ignore|noqa|pyright:\s*ignore|pragma:|pylint:|fmt:)", re.IGNORECASE
)


def _getter_position(decorators: list[cst.Decorator]) -> int:
    """``fix_safety.getter_position`` on the concrete tree: below ``@property``."""
    position = 0
    for index, decorator in enumerate(decorators):
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        if isinstance(expression, cst.Attribute):
            expression = expression.attr
        if isinstance(expression, cst.Name) and expression.value in GETTER_DESCRIPTORS:
            position = index + 1
    return position


class Editor(cst.CSTTransformer):
    """Applies the plans to the concrete tree, each at the node on its line."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, plans: list[Fix], spelled: dict[int, str], module: cst.Module, moved: dict[int, str]
    ):
        super().__init__()
        self.plans = plans
        #: ``id(plan)``: how the plan spells what it writes (see ``spell``).
        self.spelled = spelled
        self.module = module
        self.moved = moved
        #: Plans by what finds their node, so that each node costs the same however many
        #: plans the file has.
        self.by_line: dict[tuple[str, int], list[Fix]] = {}
        self.by_function: dict[tuple[int, str], list[Fix]] = {}
        self.by_target: dict[tuple[int, str], list[Fix]] = {}
        #: First lines of the copies by hand that ``decorate`` plans remove.
        self.removals: set[int] = set()
        for plan in plans:
            if plan.edit == "decorate":
                self.by_function.setdefault((plan.line, plan.name), []).append(plan)
                self.removals.update(plan.removed)
            else:
                self.by_line.setdefault((plan.edit, plan.line), []).append(plan)
            if plan.edit == "move-to-decorator":
                self.by_target.setdefault((plan.target_line, plan.target_name), []).append(plan)
        self.applied: set[int] = set()
        #: move-to-decorator plans whose decorator is placed (the removal is ``applied``).
        self.placed: set[int] = set()
        #: Statements removed, to tidy the blank lines they leave at the top of a block.
        self.removed: set[int] = set()
        #: Lines of the copies by hand removed so far.
        self.removed_lines: set[int] = set()

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _plans(self, edit: str, line: int) -> list[Fix]:
        return [p for p in self.by_line.get((edit, line), ()) if id(p) not in self.applied]

    def _callee(self, expression: cst.BaseExpression) -> str:
        """The callee as the analysis spells it: ``(functools.update_wrapper)`` without
        its parentheses."""
        if isinstance(expression, (cst.Name, cst.Attribute)) and expression.lpar:
            expression = expression.with_changes(lpar=[], rpar=[])
        return self.module.code_for_node(expression)

    def _wraps(self, plan: Fix) -> cst.Decorator:
        expression = cst.parse_expression(f"{self.spelled[id(plan)]}({plan.wrapped})")
        return cst.Decorator(decorator=expression)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        line = self._line(original_node.name)
        name = original_node.name.value
        decorators = list(updated_node.decorators)
        for plan in self.by_function.get((line, name), ()):
            if id(plan) not in self.applied:
                position = len(decorators) if plan.innermost else _getter_position(decorators)
                decorators.insert(position, self._wraps(plan))
                self.applied.add(id(plan))
        for plan in self.by_target.get((line, name), ()):
            if id(plan) not in self.placed:
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
                if comment is not None and not _LINE_PRAGMA.match(comment.value):
                    carried.append(cst.EmptyLine(comment=comment))
                continue
            statement = next(remaining)
            if pending:
                own = list(statement.leading_lines)  # type: ignore[attr-defined]
                lines = _joined_blank_runs(carried, own)
                if not body:
                    while lines and lines[0].comment is None:
                        lines.pop(0)
                statement = statement.with_changes(leading_lines=lines)
                carried, pending = [], False
            body.append(statement)
        if not body:
            raise FixError("removing the statement would leave an empty block")
        if pending:
            # The block's last statements went (copies by hand that end a function: a
            # hostile pass saw that refused): their comments close the block.
            kept = [line for line in carried if line.comment is not None]
            return updated_node.with_changes(body=body, footer=[*kept, *updated_node.footer])
        return updated_node.with_changes(body=body)

    def leave_Decorator(
        self, original_node: cst.Decorator, updated_node: cst.Decorator
    ) -> cst.Decorator:
        for plan in self._plans("replace-decorator", self._line(original_node.decorator)):
            expression = updated_node.decorator
            if not isinstance(expression, cst.Call) and getattr(expression, "lpar", None):
                # ``@(wraps)`` (a hostile pass): the parentheses go with the fix.
                expression = expression.with_changes(lpar=[], rpar=[])
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
            if self._callee(original_node.func) == plan.name and len(
                updated_node.args
            ) >= 2:
                self.applied.add(id(plan))
                first, second = updated_node.args[0], updated_node.args[1]
                first, second = _swap_line_ends(
                    first.with_changes(value=second.value), second.with_changes(value=first.value)
                )
                arguments = [first, second, *updated_node.args[2:]]
                return updated_node.with_changes(args=arguments)
        for plan in self._plans("swap-application", line):
            inner = updated_node.func
            if (
                isinstance(inner, cst.Call)
                and inner.args
                and updated_node.args
                and self._callee(inner.func) == plan.name
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
        if line in self.removals and len(original_node.body) == 1:
            self.removed_lines.add(line)
            self.removed.add(id(original_node))
            return cst.RemovalSentinel.REMOVE
        for plan in self._plans("move-to-decorator", line):
            self.applied.add(id(plan))
            self.removed.add(id(original_node))
            return cst.RemovalSentinel.REMOVE
        small = original_node.body[0] if len(original_node.body) == 1 else None
        return self._edit_statement(line, small, updated_node)

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.BaseSuite:
        """A body on its header's line (``def __init__(self, f): self.f = f``) becomes an
        indented block where a plan inserts a statement before one of its statements or
        replaces one: the same edits as on a statement of its own line. The line's comment
        goes with its last statement (a ``# type: ignore`` stays on the code it is for)."""
        line = self._line(original_node)
        if not any(self._edits(line, small) for small in original_node.body):
            return updated_node
        # Inserted before the first assignment (the store), after a docstring.
        first = next(
            (i for i, small in enumerate(original_node.body)
             if isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign))),
            0,
        )
        body: list[cst.BaseStatement] = []
        for index, (original, updated) in enumerate(zip(original_node.body, updated_node.body)):
            own_line = cst.SimpleStatementLine(
                body=[updated.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]
            )
            if index < first or (index > first and self._plans("insert-before", line)):
                body.append(own_line)
                continue
            edited = self._edit_statement(line, original, own_line)
            body.extend(edited.nodes if isinstance(edited, cst.FlattenSentinel) else [edited])
        trailing = original_node.trailing_whitespace
        last = original_node.body[-1]
        if trailing.comment is not None and isinstance(last.semicolon, cst.Semicolon):
            # ``x = 1;  # c``: the spaces before the comment were the semicolon's
            space = last.semicolon.whitespace_after
            trailing = trailing.with_changes(whitespace=space)
        if isinstance(body[-1], cst.SimpleStatementLine):
            body[-1] = body[-1].with_changes(trailing_whitespace=trailing)
            trailing = cst.TrailingWhitespace()
        return cst.IndentedBlock(body=body, header=trailing)

    def _edits(self, line: int, small: cst.BaseSmallStatement) -> bool:
        """Whether a plan inserts a statement before ``small`` or replaces it."""
        if self._plans("insert-before", line):
            return True
        return (
            isinstance(small, cst.Return)
            and isinstance(small.value, cst.Lambda)
            and bool(self._plans("lambda-to-def", self._line(small.value)))
        )

    def _edit_statement(
        self,
        line: int,
        original: Union[cst.BaseSmallStatement, None],
        updated_node: cst.SimpleStatementLine,
    ) -> Union[cst.SimpleStatementLine, cst.FlattenSentinel[cst.BaseStatement]]:
        """``insert-before`` and ``lambda-to-def`` on the statement ``original`` (alone
        on its line, or None), now ``updated_node``."""
        for plan in self._plans("insert-before", line):
            self.applied.add(id(plan))
            inserted = cst.parse_statement(
                f"{self.spelled[id(plan)]}({plan.target_name}, {plan.wrapped})\n",
                config=self.module.config_for_parsing,
            )
            # The store's comments and blank lines above it go above the new call.
            inserted = inserted.with_changes(leading_lines=updated_node.leading_lines)
            return cst.FlattenSentinel([inserted, updated_node.with_changes(leading_lines=[])])
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
                # at the end of its line to the new return; those inside the lambda,
                # which the def cannot hold where they were, above it too.
                definition = definition.with_changes(
                    leading_lines=[*updated_node.leading_lines, *definition.leading_lines]
                )
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
        newline = self.module.default_newline
        indent = self.module.default_indent
        text = (
            f"@{self.spelled[id(plan)]}({plan.wrapped}){newline}"
            f"{keyword} {plan.target_name}({parameters}):{newline}"
            f"{indent}return {body}{newline}"
        )
        config = self.module.config_for_parsing
        definition = cst.parse_statement(text, config=config)
        new_return = cst.parse_statement(f"return {plan.target_name}{newline}", config=config)
        assert isinstance(definition, cst.FunctionDef)
        assert isinstance(definition.body, cst.IndentedBlock)
        (statement,) = definition.body.body
        assert isinstance(statement, cst.SimpleStatementLine)
        (returned,) = statement.body
        assert isinstance(returned, cst.Return)
        # The lambda's own body node, not its text: lines it continues inside brackets
        # are indented from the block they stand in, so they follow it one level deeper.
        statement = statement.with_changes(body=[returned.with_changes(value=lambda_node.body)])
        definition = definition.with_changes(
            body=definition.body.with_changes(body=[statement])
        )
        # The parameters and the body keep their own comments; those elsewhere in the
        # lambda (before its colon, after it) go above the def.
        kept = _comments(parameters) + _comments(body)
        inside = []
        for comment in _comments(self.module.code_for_node(lambda_node)):
            if comment in kept:
                kept.remove(comment)
            else:
                inside.append(cst.EmptyLine(comment=cst.Comment(comment)))
        definition = definition.with_changes(leading_lines=inside)
        assert isinstance(new_return, cst.SimpleStatementLine)
        return definition, new_return


def _comments(code: str) -> list[str]:
    """The comments in ``code``, a lambda written over several lines."""
    if "#" not in code:
        return []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(f"({code})").readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def _joined_blank_runs(
    carried: list[cst.EmptyLine], own: list[cst.EmptyLine]
) -> list[cst.EmptyLine]:
    """The lines of a removed statement above those of the next one, where blank lines
    that meet run no longer than either side's longest run (pycodestyle's E303)."""
    def longest(lines: list[cst.EmptyLine]) -> int:
        run = best = 0
        for line in lines:
            run = run + 1 if line.comment is None else 0
            best = max(best, run)
        return best

    limit = max(longest(carried), longest(own))
    joined: list[cst.EmptyLine] = []
    run = 0
    for line in carried + own:
        run = run + 1 if line.comment is None else 0
        if run <= limit:
            joined.append(line)
    return joined


def _awaits(node: cst.CSTNode) -> bool:
    found = False

    class Finder(cst.CSTVisitor):
        def visit_Await(self, node: cst.Await) -> None:
            nonlocal found
            found = True

    node.visit(Finder())
    return found


def _line_end(argument: cst.Arg) -> Optional[cst.ParenthesizedWhitespace]:
    """Where the line an argument ends ends: after its comma, or after the argument itself
    when it is the last one and ``)`` is on a line of its own. Its comment is there."""
    comma = argument.comma
    if isinstance(comma, cst.Comma):
        if isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
            return comma.whitespace_after
        return None
    if isinstance(argument.whitespace_after_arg, cst.ParenthesizedWhitespace):
        return argument.whitespace_after_arg
    return None


def _with_line_end(argument: cst.Arg, first_line: cst.TrailingWhitespace) -> cst.Arg:
    comma = argument.comma
    if isinstance(comma, cst.Comma):
        whitespace = cst.ensure_type(comma.whitespace_after, cst.ParenthesizedWhitespace)
        moved = whitespace.with_changes(first_line=first_line)
        return argument.with_changes(comma=comma.with_changes(whitespace_after=moved))
    whitespace = cst.ensure_type(argument.whitespace_after_arg, cst.ParenthesizedWhitespace)
    return argument.with_changes(
        whitespace_after_arg=whitespace.with_changes(first_line=first_line)
    )


def _swap_line_ends(first: cst.Arg, second: cst.Arg) -> tuple[cst.Arg, cst.Arg]:
    """Two swapped arguments, each written one a line, take their trailing comments along:
    ``func,  # the function`` stays a comment on ``func``. Where either ends no line of its
    own, the comments stay where they are."""
    first_end, second_end = _line_end(first), _line_end(second)
    if first_end is None or second_end is None:
        return first, second
    return (
        _with_line_end(first, second_end.first_line),
        _with_line_end(second, first_end.first_line),
    )

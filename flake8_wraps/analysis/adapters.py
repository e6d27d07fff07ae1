"""Closures that call a parameter but do not stand in for it.

A wrapper looks like its function from outside: same arguments in, same result out. Each
shape below calls the parameter with some of the closure's own arguments, yet is something
else: an adapter to another calling convention, a proxy, a composition, a hook, a decorator
that builds an object from a class. Each was a false positive on real code (the tests say
where); adding ``@functools.wraps`` to any of them would give it a wrong name or a wrong
signature.
"""

from __future__ import annotations

import ast
import re
from typing import AbstractSet, Callable, Optional

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.annotations import declared_arity
from flake8_wraps.analysis.call_shapes import (
    call_adapts,
    injects_keywords,
    is_call_of,
    proxies,
    reorders,
    reshapes_the_result,
    results_of,
    slices,
    unpacks_a_name,
)
from flake8_wraps.analysis.closure_facts import ClosureFacts
from flake8_wraps.analysis.closures import (
    HANDED_ON,
    HELPER_CALL,
    CallableUse,
    ScopeNode,
    forwards_unpacked,
    mentions,
    mentions_any,
    parameter_defaults,
    passes_on,
    scope_info,
)
from flake8_wraps.analysis.collect import simple_statements
from flake8_wraps.analysis.evidence import (
    FORWARDS_ELSEWHERE,
    NEEDS_MORE,
    STRONG_SHAPE,
    WEAK_SHAPE,
    Signal,
    says_function,
)
from flake8_wraps.analysis.forwarding import forwarded_everything
from flake8_wraps.analysis.names import TRANSFORMING_DECORATORS, terminal_name
from flake8_wraps.analysis.signature_reading import inspects_or_computes_with, signature_set_on

#: Attributes that only a decorated function has a reason to be asked for.
_ASKED_OF_A_FUNCTION = frozenset({"__name__", "__qualname__", "__doc__", "__module__"})
#: Parameters of the enclosing function that describe a signature to adapt to.
_SIGNATURE_PARAMETERS = frozenset({"argspec", "signature", "sig", "spec", "argnames"})
#: Parameter names (and endings) that hold a class: calling it builds an object.
_CLASS_NAMES = frozenset({"type", "cls", "klass", "class_"})
_CLASS_NAME_ENDINGS = ("_class", "_cls", "_type", "factory", "Factory")
#: Parameter lists of server protocols: middleware around an application object.
_SERVER_PROTOCOLS = (
    ("scope", "receive", "send"), ("environ", "start_response"), ("env", "start_response")
)


#: The parameters of a Pyramid tween factory.
_TWEEN_FACTORY = frozenset({"handler", "registry"})


def names_djangos_handler(name: str) -> bool:
    """``get_response``: what Django's middleware factories take, the next handler of its
    middleware chain, which the middleware calls with the request alone."""
    return name.startswith("get_response")


def takes_a_server_protocol(function: ScopeNode, bound: bool, django: bool = False) -> bool:
    """Whether ``function`` takes a server protocol's arguments and nothing else (after
    its ``self`` where ``bound``): an application, as middleware returns around another.

    A server calls an application with these arguments and no others; a function that
    also takes ``*args`` or ``**kwargs`` stands in for a router's handler function
    (tiddlywebplugins.utils' ``require_role(role)(handler)``), not an application.
    ``django``: around Django's handler (``names_djangos_handler``), whose middleware
    takes the request alone (lax's ``def mark_deprecated(get_response_fn): def
    middleware(request)``); a view decorator's ``wrapper(request)`` takes the same one
    argument around a view, named otherwise.
    """
    arguments = function.args
    if arguments.vararg is not None or arguments.kwarg is not None:
        return False
    names = tuple(a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs))
    own = names[1:] if bound else names
    return len(own) == 1 if django else own in _SERVER_PROTOCOLS


def adapter_signals(
    closure: ScopeNode,
    wrapped: str,
    uses: list[CallableUse],
    enclosing: ast.AST,
    enclosing_params: frozenset[str],
    implicit_first: Optional[str],
) -> list[Signal]:
    """The shapes of ``closure`` that say it calls ``wrapped`` without standing in for it.

    ``enclosing`` is the function that returns the closure, ``enclosing_params`` all of
    its parameter names, ``implicit_first`` its ``self``/``cls`` when it is a method.
    The closure and the enclosing function are each walked once. Shapes that say what
    the parameter is (a class, an application of a server protocol) exclude a wrapper;
    the others weigh against one, and evidence that the function is a decorator can
    outweigh them.
    """
    memo = node_memo.active()
    if memo is None:
        return _adapter_signals(
            closure, wrapped, uses, enclosing, enclosing_params, implicit_first
        )
    key = (
        "adapter_signals", closure, wrapped, tuple(uses), enclosing, enclosing_params,
        implicit_first,
    )
    return list(memo.get(
        key, _adapter_signals, closure, wrapped, uses, enclosing, enclosing_params,
        implicit_first,
    ))


def _adapter_signals(
    closure: ScopeNode,
    wrapped: str,
    uses: list[CallableUse],
    enclosing: ast.AST,
    enclosing_params: frozenset[str],
    implicit_first: Optional[str],
) -> list[Signal]:
    signals: list[Signal] = []
    add = signals.append
    arguments = closure.args
    plain = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    own_names = set(plain)
    own_names.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    if not isinstance(closure, ast.Lambda):
        if _is_transformed(closure):
            add(Signal("transformed", None, "a decorator turns it into something else"))
        if _has_docstring(closure):
            add(Signal("own-docstring", WEAK_SHAPE, "it has a docstring of its own"))
    # A method's ``(self, request)`` around ``get_response`` is a patched client method
    # (a Django middleware function takes no ``self``).
    bound = plain[:1] in (["self"], ["cls"])
    django = not bound and names_djangos_handler(wrapped)
    # Pyramid's tween factories take ``(handler, registry)``, the next handler and the
    # app's registry, and return a tween that takes the request alone (thinkhazard's).
    pyramid = not bound and wrapped == "handler" and enclosing_params == _TWEEN_FACTORY
    if takes_a_server_protocol(closure, bound, django or pyramid):
        says = "it takes a server protocol's arguments"
        if django or pyramid:
            chain = "Django middleware" if django else "a Pyramid tween"
            says = f"it takes the request alone around '{wrapped}': {chain}"
        add(Signal("server-protocol", None, says))
    if names_a_class(wrapped):
        add(
            Signal(
                "builds-an-object", None, f"'{wrapped}' names a class: calling it builds an object"
            )
        )
    if enclosing_params & _SIGNATURE_PARAMETERS:
        add(Signal("given-a-signature", None, "it is built to fit a signature it is given"))
    needed = _other_required_parameter(enclosing, wrapped, implicit_first)
    if needed is not None:
        says = f"it is built with '{needed}' besides '{wrapped}': called by code, not applied"
        add(Signal("needs-more-arguments", NEEDS_MORE, says + " with @"))
    facts = ClosureFacts(closure)
    if _reads_metadata_of(facts, own_names) and _reads_metadata_of(
        facts, own_names - _handed_on_beside_everything(closure, wrapped, uses)
    ):
        add(Signal("is-the-decorator", None, "it reads the metadata of its own argument"))
    elif len(own_names) == len(plain) == 1 and says_function(plain[0]) and any(
        _given(use.call, plain[0]) for use in uses
    ):
        # pebble's ``decorating_function(function)`` returns ``wrapper(function, ...)``.
        says = f"it hands its own '{plain[0]}' to '{wrapped}': it takes the function"
        add(Signal("is-the-decorator", None, says))
    if (
        len(own_names) == len(plain) == 1
        and plain[0] in _CLASS_NAMES
        and facts.returns
        and all(isinstance(value, ast.Name) and value.id == plain[0] for value in facts.returns)
    ):
        # Airtest's ``add_decorator_to_methods(decorator)`` returns ``decorator_wrapper(cls)``,
        # which decorates the methods of the class it is given and returns that class.
        says = f"it takes a class '{plain[0]}' and returns it: a class decorator, not a stand-in"
        add(Signal("decorates-a-class", None, says))
    calls = [use.call for use in uses if use.kind not in (HANDED_ON, HELPER_CALL)]
    # ``adapter(call, *_, **__)`` takes arguments it says it throws away: a new signature
    # too. ``*args`` left unread says nothing (``view(request)`` from a view's wrapper).
    dropped = [(a.arg, star) for a, star in ((arguments.vararg, "*"), (arguments.kwarg, "**"))
               if a is not None and a.arg.startswith("_")]
    ignored = [name for name in plain if name not in facts.read]
    ignored += [star + name for name, star in dropped if name not in facts.read]
    if ignored:
        add(
            Signal(
                "ignores-a-parameter",
                STRONG_SHAPE,
                f"it never reads '{ignored[0]}': a new signature",
            )
        )
    declared = (
        declared_arity(enclosing, wrapped)
        if isinstance(enclosing, (ast.FunctionDef, ast.AsyncFunctionDef))
        else None
    )
    taken = len(arguments.posonlyargs) + len(arguments.args)
    if declared is not None and arguments.vararg is None and taken != declared:
        # ultimate-poll-bot's ``func: Callable[[Bot, Update, Session, User], Any]`` called
        # from ``def wrapper(update, context)``: a handler of the framework's, made of a
        # function declared to take other arguments.
        says = f"'{wrapped}' is declared to take {declared} arguments, it takes {taken}"
        add(Signal("declared-otherwise", STRONG_SHAPE, says + ": a new signature"))
    kept = _keywords_kept(closure, calls)
    if kept is not None:
        says = f"it requires the keyword '{kept}', which '{wrapped}' is not given: a new signature"
        add(Signal("requires-keywords", STRONG_SHAPE, says))
    unread = not (own_names & facts.read or facts.called & {"locals", "vars"})
    if not plain and unread and any(call.args or call.keywords for call in calls):
        # einx's ``new_create()`` builds every argument of ``create(numpy, classical)``:
        # a thunk. tuxlog's ``wrapper(*args, **kwargs)`` calling ``fn('raw', spot)`` too.
        takes = "no arguments" if not own_names else "only *args or **kwargs it never reads"
        says = f"it takes {takes} but gives '{wrapped}' some: a new signature"
        add(Signal("takes-nothing", STRONG_SHAPE, says))
    if tests_the_hook(facts, wrapped):
        add(Signal("optional-hook", WEAK_SHAPE, f"it tests '{wrapped}' before calling it"))
    if _recurses_over_results(closure, facts, wrapped):
        add(Signal("fixpoint", STRONG_SHAPE, "it recurses over the results"))
    if _fills_an_out_parameter(facts, wrapped):
        add(Signal("out-parameter", WEAK_SHAPE, "the result comes back in an argument"))
    inspected = inspects_or_computes_with(
        enclosing, closure, [*facts.calls, *facts.attributes, *facts.computations], wrapped
    )
    if inspected == "computes" or (
        inspected == "inspects"
        and not (
            forwarded_everything(closure, [use for use in uses if use.name == wrapped])
            is not None
            and not signature_set_on(enclosing, closure, wrapped)
        )
    ):
        add(
            Signal("inspects-or-computes", WEAK_SHAPE, f"'{wrapped}' is inspected or computed with")
        )
    results, unpackings = results_of(facts, wrapped)
    if results & facts.called:
        add(Signal("result-called", STRONG_SHAPE, "the result is itself called"))
    derived = _names_assigned_from_attributes_of(facts, plain[0]) if plain else set()
    if plain[:1] == ["self"]:
        stand_ins = _stand_ins_for(facts, own_names)
        if not any(mentions_any(use.call, stand_ins) for use in uses):
            says = "a method built from a plain function"
            add(Signal("method-from-function", STRONG_SHAPE, says))
    if arguments.vararg is None and any(unpacks_a_name(call) for call in calls):
        add(Signal("unpacks-values", WEAK_SHAPE, "values it computed are unpacked into the call"))
    for call in calls:
        reason = call_adapts(
            call, plain, own_names, wrapped, results, enclosing_params, implicit_first
        )
        if reason is None and arguments.kwarg is None:  # no ``**`` of its own to hand on
            reason = injects_keywords(call, closure)
        if reason is not None:
            add(reason)
            break
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    if any(reorders(call, positional) for call in calls):
        says = "it passes its arguments on in another order"
        add(Signal("reorders-arguments", WEAK_SHAPE, says))
    if arguments.vararg is not None and any(
        slices(call, arguments.vararg.arg) for call in calls
    ):
        add(Signal("drops-arguments", WEAK_SHAPE, "it passes on only a slice of its arguments"))
    picked_from = _picks_from(closure, calls)
    if picked_from is not None:
        says = f"it picks values from its *{picked_from}, none for '{wrapped}'"
        add(Signal("picks-arguments", STRONG_SHAPE, says + ": a new signature"))
    if any(isinstance(facts.parents.get(id(call)), ast.Raise) for call in calls):
        add(Signal("raises-it", None, f"it raises what '{wrapped}' builds: an exception class"))
    elsewhere = _forwards_elsewhere(closure, [use.call for use in uses], facts)
    if elsewhere is not None:
        says = f"it passes its own arguments on to {elsewhere}, not to '{wrapped}'"
        add(Signal("forwards-elsewhere", FORWARDS_ELSEWHERE, says))
    if any(proxies(call, plain, derived) for call in calls):
        add(Signal("proxy", STRONG_SHAPE, "it forwards to an object it holds"))
    if reshapes_the_result(calls, facts.parents, facts.returns, results, unpackings):
        add(Signal("result-reshaped", WEAK_SHAPE, f"the result of '{wrapped}' is transformed"))
    if not isinstance(closure, ast.Lambda) and _answers_yes_or_no(closure, facts):
        says = f"it returns True or False of its own, never what '{wrapped}' returns: a predicate"
        add(Signal("returns-a-verdict", STRONG_SHAPE, says))
    return signals


def _picks_from(closure: ScopeNode, calls: list[ast.Call]) -> Optional[str]:
    """``def handler(self, *args, **kwargs)`` that picks ``cmd = args[0]`` and calls
    ``callback(self, built)``: the function is handed nothing the closure was given but
    its first parameter, an adapter between two signatures (jasmin's session handlers
    build an object from the typed lines). ``first, second = args`` handed on as
    ``func(first, second)`` is a stand-in; so is a closure that hands on its ``**kwargs``
    or what it pops from them (vyked's ``api`` picks ``self = args[0]`` and calls
    ``func(kwargs, request_id=rid)``, and its maintainers added ``wraps``). ``*args``
    only handed to another call says nothing of what reaches the function. Returns the
    name of the closure's ``*args`` where it is such an adapter."""
    arguments = closure.args
    if isinstance(closure, ast.Lambda) or arguments.vararg is None or not calls:
        return None
    star = arguments.vararg.arg
    assigns, _ = simple_statements(closure.body)
    # What it picks is part of what it was given, so one set follows both.
    picked = False
    given = {star} | ({arguments.kwarg.arg} if arguments.kwarg is not None else set())
    for assign in assigns:
        if mentions_any(assign.value, given):
            bound = [name for target in assign.targets for name in _bound(target)]
            picked = picked or (bool(bound) and _picks(assign.value, star))
            given.update(bound)
    if not picked:
        return None
    for call in calls:
        if mentions_any(call, given):
            return None
        if any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if any(keyword.arg is None for keyword in call.keywords):
            return None
    return star


def _bound(target: ast.expr) -> list[str]:
    """The names an assignment target binds: ``x``, ``a, (b, *c)``; not ``self.x[k]``."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Starred):
        return _bound(target.value)
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound(element)]
    return []


def _picks(value: ast.expr, star: str) -> bool:
    """``args`` itself (to unpack), ``args[i]``, or a tuple of them."""
    if isinstance(value, ast.Tuple):
        return any(_picks(element, star) for element in value.elts)
    if isinstance(value, ast.Subscript):
        value = value.value
    return isinstance(value, ast.Name) and value.id == star


def _answers_yes_or_no(closure: ast.AST, facts: ClosureFacts) -> bool:
    """Every return a literal ``True`` or ``False``, both of them: a new predicate made of
    the function (Misago's ``can_rename_user = return_boolean(allow_rename_user)``: False
    where the check raises, True where it passes), not the function under its own name.
    The returns of functions nested in the closure are theirs, not its own."""
    verdicts = set()
    for value in facts.returns:
        if not (isinstance(value, ast.Constant) and type(value.value) is bool):
            return False
        verdicts.add(value.value)
    if len(verdicts) != 2:
        return False
    own = 0
    stack = list(closure.body)  # type: ignore[attr-defined]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        own += isinstance(node, ast.Return)
        stack.extend(ast.iter_child_nodes(node))
    return own == len(facts.returns)


def names_a_class(name: str) -> bool:
    """``type(*args)``, ``actor_class(fn)``: building an object, not calling a function."""
    return name in _CLASS_NAMES or name.endswith(_CLASS_NAME_ENDINGS) or name[:1].isupper()


#: "Wrapper function around the standard operations" (spectral-cube), "Decorator wrapper.":
#: a docstring that says the closure is a wrapper documents it as one, not as itself.
_SAYS_WRAPPER = re.compile(r"\s*(?:(?:a|the)\s+)?(?:decorator\s+)?wrapper\b", re.I)


def _has_docstring(function: ast.AST) -> bool:
    """A closure with a docstring of its own is documented as itself, on purpose."""
    body = function.body  # type: ignore[attr-defined]
    return bool(
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
        and not _SAYS_WRAPPER.match(body[0].value.value)
    )


def _keywords_kept(closure: ScopeNode, calls: list[ast.Call]) -> Optional[str]:
    """``_wrapper(*dynamic, treedef, static, flatten)`` calling ``rule(*args)`` with values
    made from them (equinox's primitive rules): a keyword-only parameter without a default
    that no call of the function is given, where no call is given any argument of the
    closure unchanged. Every caller must pass it; the function never takes it: the
    closure adapts the function to another calling convention."""
    arguments = closure.args
    required = [
        a.arg for a, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default is None
    ]
    if not required or not calls:
        return None
    if any(passes_on(call, scope_info(closure).unchanged_params) for call in calls):
        return None
    given = {node.id for call in calls for node in ast.walk(call) if isinstance(node, ast.Name)}
    return next((name for name in required if name not in given), None)


def _other_required_parameter(
    enclosing: ast.AST, wrapped: str, implicit_first: Optional[str]
) -> Optional[str]:
    """A parameter the enclosing function requires besides the function (and ``self``):
    ``derive(view, info)`` cannot be written ``@derive``. None where the function is no
    parameter (an attribute ``__getattr__`` looked up)."""
    arguments = getattr(enclosing, "args", None)
    if not isinstance(arguments, ast.arguments):
        return None
    pairs = parameter_defaults(arguments)
    if all(argument.arg != wrapped for argument, _ in pairs):
        return None
    required = [argument for argument, default in pairs if default is None]
    return next(
        (a.arg for a in required if a.arg != wrapped and a.arg != implicit_first), None
    )


def _is_transformed(function: ast.AST) -> bool:
    """``@numba.jit``, ``@property``...: what is returned is not a plain function."""
    for decorator in function.decorator_list:  # type: ignore[attr-defined]
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        if terminal_name(decorator) in TRANSFORMING_DECORATORS:
            return True
    return False


def _reads_metadata_of(facts: ClosureFacts, own: set[str]) -> bool:
    """``actor_class(fn, name=fn.__name__)``: the closure is the decorator; ``fn`` the function.

    The enclosing parameter it calls is the class that implements the decorated object.
    """
    return any(
        node.attr in _ASKED_OF_A_FUNCTION
        and isinstance(node.value, ast.Name)
        and node.value.id in own
        for node in facts.attributes
    )


def _handed_on_beside_everything(
    closure: ScopeNode, wrapped: str, uses: list[CallableUse]
) -> set[str]:
    """``component_init(component, *args, **kwargs)`` (vimiv's mode widgets, which log
    ``component.__module__``): where the closure hands its ``*args`` and ``**kwargs`` on,
    the names it passes beside them are the function's arguments too, not a function it
    decorates, and reading their metadata says nothing of what the closure is."""
    mine = [use for use in uses if use.name == wrapped]
    if forwarded_everything(closure, mine) is None:
        return set()
    return {a.id for use in mine for a in use.call.args if isinstance(a, ast.Name)}


def _given(call: ast.Call, name: str) -> bool:
    return any(isinstance(a, ast.Name) and a.id == name for a in call.args)


def tests_the_hook(facts: ClosureFacts, wrapped: str) -> bool:
    """``on_call(...) if on_call else ...``: an optional hook, tested before it is called.

    Reading the function's attributes in a test (``if func.__name__ != "main"``) tests
    the decorated function, not whether a hook was given; so does looking it up as a key
    (``if cls not in instances``: a singleton's table of instances), or handing it to a
    call (``if iscoroutinefunction(func)``, chainlit) but ``callable(hook)``.
    """
    for test in facts.tests:
        not_the_value: set[int] = set()
        for inner in ast.walk(test):
            if isinstance(inner, ast.Attribute):
                not_the_value.add(id(inner.value))
            elif isinstance(inner, ast.Call):
                not_the_value.add(id(inner.func))
                if terminal_name(inner.func) not in ("callable", "bool"):
                    not_the_value.update(id(argument) for argument in inner.args)
            elif isinstance(inner, ast.Compare) and all(
                isinstance(op, (ast.In, ast.NotIn)) for op in inner.ops
            ):
                not_the_value.add(id(inner.left))
        if any(
            isinstance(inner, ast.Name) and inner.id == wrapped and id(inner) not in not_the_value
            for inner in ast.walk(test)
        ):
            return True
    return False


def _recurses_over_results(closure: ScopeNode, facts: ClosureFacts, wrapped: str) -> bool:
    """``for new in rule(expr): yield from exhaust(new)``: a fixpoint over the results."""
    if isinstance(closure, ast.Lambda):
        return False
    return any(
        is_call_of(loop.iter, wrapped)
        and any(is_call_of(inner, closure.name) for inner in ast.walk(loop))
        for loop in facts.loops
    )


def _fills_an_out_parameter(facts: ClosureFacts, wrapped: str) -> bool:
    """``res = new(); func(res, *args); return res[0]``: the result comes back in an argument."""
    filled = {
        argument.id
        for call in facts.bare_calls
        if is_call_of(call, wrapped)
        for argument in call.args
        if isinstance(argument, ast.Name)
    }
    if not filled:
        return False
    for value in facts.returns:
        if isinstance(value, ast.Subscript):
            value = value.value
        if isinstance(value, ast.Name) and value.id in filled:
            return True
    return False


def _stand_ins_for(facts: ClosureFacts, parameters: AbstractSet[str]) -> set[str]:
    """``self``, and a copy of it that the closure returns: peewee's ``clone = self.clone();
    method(clone, *args, **kwargs); return clone`` decorates a method of a fluent API. A
    value merely loaded from ``self`` and handed to a plain function (``getattr``,
    ``operator.getitem``) leaves a method built from that function."""
    returned = {node.id for node in facts.returns if isinstance(node, ast.Name)}
    copies = _bound_names(facts, lambda value: mentions(value, "self"))
    return {"self"} | ((copies & returned) - parameters)


def _names_assigned_from_attributes_of(facts: ClosureFacts, owner: str) -> set[str]:
    """Names bound to an attribute of ``owner`` (``_wrapped = self._wrapped``, walrus too)."""
    return _bound_names(
        facts,
        lambda value: isinstance(value, ast.Attribute)
        and isinstance(value.value, ast.Name)
        and value.value.id == owner,
    )


def _bound_names(facts: ClosureFacts, binds: Callable[[ast.expr], bool]) -> set[str]:
    """The names a plain assignment or ``:=`` binds to a value that ``binds`` accepts."""
    names: set[str] = set()
    for node in facts.assigns:
        if binds(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _forwards_elsewhere(
    closure: ScopeNode, calls: list[ast.Call], facts: ClosureFacts
) -> Optional[str]:
    # ``calls``: every call that calls the wrapped function or hands it on.
    """``return getattr(result, name)(*args, **kw)``: the closure's ``*args`` and
    ``**kwargs`` go to another callable, and never to the wrapped one: it stands in for
    that other one. Returns how that callable is written, for the message."""
    arguments = closure.args
    star = {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    if not star or any(forwards_unpacked(call, star) for call in calls):
        return None
    own_calls = {id(call) for call in calls}
    for call in facts.calls:
        if id(call) not in own_calls and forwards_unpacked(call, star):
            return f"'{terminal_name(call.func) or 'another callable'}'"
    return None

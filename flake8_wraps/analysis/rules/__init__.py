"""The rule families, one a module: each is a class over ``context.ModuleContext`` (through
``decision.Decision`` when it needs the decision) whose methods yield its findings, and
``module.Rules`` applies them all. A family's codes, names and messages are rows of
``codes.RULES``; its examples are ``tests/examples/wrp*.py``.
"""

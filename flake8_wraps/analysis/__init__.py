"""The analysis: an ``ast.Module`` (and what other modules say) in, findings out.

Pure: no I/O, no flake8, no LibCST. Nothing here imports the layers above it (``project``,
``fix``, ``lsp``, ``cli``); ``tests/test_layers.py`` keeps it so. Importing this package
imports nothing: each module is imported by name.
"""

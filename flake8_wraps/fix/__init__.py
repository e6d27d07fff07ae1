"""The fixer: LibCST edits for what the analysis reports, and where an added import goes.

Imported only when something is fixed: LibCST takes a tenth of a second to import, and the
flake8 plugin never needs it.
"""

"""The language server: documents as the editor holds them, parsed again only where they
changed, checked with the analysis' memo of the last version, and fixed one finding at
a time. Needs pygls (``pip install 'flake8-wraps[lsp]'``).
"""

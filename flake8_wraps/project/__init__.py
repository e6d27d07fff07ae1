"""The project on disk: each file's settings, the modules it imports, where the project
applies decorators, and the cache that remembers all of it between runs.

Built on the analysis only; the fixer, the server and the command line build on this.
"""

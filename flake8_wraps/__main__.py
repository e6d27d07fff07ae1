"""``python -m flake8_wraps``: the command line.

``python -m`` puts the working directory first on ``sys.path``; run in the repository being
checked, a ``libcst.py`` or ``flake8.py`` lying there would be imported instead of the real
one. The directory goes before anything else is imported (this package's own modules are
found through the package, not ``sys.path``). The ``flake8-wraps`` console script has no
such entry.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from flake8_wraps.cli import main  # noqa: E402 - after the path is made safe

sys.exit(main())

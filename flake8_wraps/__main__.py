"""``python -m flake8_wraps``: the command line."""

import sys

from flake8_wraps.cli import main

sys.exit(main())

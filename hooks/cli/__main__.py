"""`python -m hooks.cli`: the same as the `solidarity` command."""

import sys

from .main import main

sys.exit(main())

"""Allow ``python -m claimsite``."""

import sys

from claimsite.cli import main

sys.exit(main())

"""Run as ``python -m mesadiagram``."""

import sys

from mesadiagram.cli import main

sys.exit(main())

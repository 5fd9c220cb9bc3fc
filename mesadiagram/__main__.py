"""Run as ``python -m mesadiagram``."""

import sys

from mesadiagram.cli import main

# (Guarded: the analysis's child process is started with ``spawn``, which imports the
# main module again; it must not start a second editor.)
if __name__ == "__main__":
    sys.exit(main())

"""``python -m anzuelo ...``: the CLI without the console script (the scheduler's subprocesses use it)."""

import sys

from anzuelo.cli import main

if __name__ == "__main__":
    sys.exit(main())

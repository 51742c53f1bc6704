#!/usr/bin/env python3
"""Generate diagrams/, docs/, mkdocs.yml and deploy/ from the system model in model/.

Run `python generate.py --help` for the commands.
"""

import sys

from archgen.cli import main

if __name__ == "__main__":
    sys.exit(main())

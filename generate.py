#!/usr/bin/env python3
"""Generate diagrams/, docs/, mkdocs.yml and deploy/ from the system model in model/.

Run `python generate.py --help` for the commands.
"""

import os
import sys

# No pydantic plugin found installed elsewhere may change how the model validates (and looking for them
# costs every command ~15 ms).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from archgen.cli import main  # noqa: E402

if __name__ == "__main__":
    code = main()
    # Every output is written, closed and renamed into place by now (and every temporary folder removed):
    # skip the interpreter's teardown, which frees the model, the kinds and their schemas object by object
    # (~60 ms, a sixth of a `synth`).
    # Under a profiler or a coverage tracer the teardown is where they write their results: keep it then.
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

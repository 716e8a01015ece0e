"""Write the hostile-input corpus into a folder and return its case table.

The table and its helpers are in ``hostile.table``; importing this module registers every case
from the ``cases_*`` modules, in a fixed order. Run ``python tests/hostile/generate.py DIR`` to
look at the corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hostile import (  # noqa: F401  (importing a cases module registers its cases)
    cases_content,
    cases_files,
    cases_fix,
    cases_formats,
    cases_models,
    cases_outputs,
    cases_side_files,
)
from hostile.table import BUILDERS, CASE_NAMES, IS_ROOT, Case, generate, hash_tree

CASE_NAMES.extend(BUILDERS)

__all__ = ["BUILDERS", "CASE_NAMES", "IS_ROOT", "Case", "generate", "hash_tree"]

if __name__ == "__main__":  # pragma: no cover - a manual look at the corpus
    target = Path(sys.argv[1])
    for item in generate(target):
        print(json.dumps({"name": item.name, "args": item.args, "exit": item.exit_code, "pattern": item.pattern}))

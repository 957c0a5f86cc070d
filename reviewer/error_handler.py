"""The one place exceptions become exit codes: 2 for the user's input, 3 for our bugs."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from reviewer.errors import UserError
from reviewer.severity import EXIT_INTERNAL, EXIT_USAGE


def guarded(run: Callable[[], int], *, debug: bool) -> int:
    try:
        return run()
    except UserError as exc:
        if debug:
            traceback.print_exc()
        print(f"reviewer: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("reviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_USAGE
    except Exception as exc:  # the edge: anything else is a bug in reviewer
        if debug:
            traceback.print_exc()
        print(f"reviewer: internal error: {type(exc).__name__}: {exc} "
              "(run with --debug for a traceback)", file=sys.stderr)
        return EXIT_INTERNAL

"""How the command-line tools end: a user's mistake as one line and exit code 1."""
import os
import sys

from segda.engine.divergence import DivergenceError

# Errors that are the user's to fix (a missing dataset, a wrong path, an unknown type, an
# output that exists, a corrupt checkpoint, a diverged run): shown as one clear line instead
# of a traceback. SEGDA_DEBUG=1 shows the traceback as well. Internal errors keep theirs.
USER_ERRORS = (FileNotFoundError, NotADirectoryError, FileExistsError, KeyError, ValueError,
               DivergenceError)


def run_main(main):
    """Run a CLI ``main`` and turn bad-input errors into a one-line message and exit code 1."""
    try:
        main()
    except USER_ERRORS as error:
        if os.environ.get('SEGDA_DEBUG'):
            raise
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f'error: {message}\n(set SEGDA_DEBUG=1 to see the traceback)', file=sys.stderr)
        sys.exit(1)

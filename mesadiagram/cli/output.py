"""What every command shares: exit codes, one-line messages, loading a model or saying why not."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def say(message: str, error: bool = False) -> None:
    """Print ``message`` as one line that is safe for a terminal.

    Paths, keys and values come from files and command lines someone else may have
    written: a line break in them must not make a second, fake message, nor an escape
    code reach the terminal (issue 9).
    """
    from mesadiagram.formats.terminal import one_line

    print(one_line(message), file=sys.stderr if error else sys.stdout)


def report(err: Exception) -> None:
    """A FormatError's problems, one line each (each is escaped already)."""
    for problem in getattr(err, "problems", ()):
        print(problem, file=sys.stderr)


def cannot(verb: str, name: str, err: OSError) -> None:
    say(f"{name}: cannot {verb}: {err.strerror or err}", error=True)


def load_or_report(path: str):  # -> Document | None (no import: keep --help light)
    """The model at ``path``, or None after printing why it cannot be read."""
    from mesadiagram.formats import FormatError, load

    try:
        return load(path)
    except FormatError as err:
        report(err)
    except OSError as err:
        cannot("read", path, err)
    return None

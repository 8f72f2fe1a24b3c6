"""The `kpilint` command line: one module per sub-command."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from kpilint import texts
from kpilint.cli import check_cmd, convert_cmd, diff_cmd, new_cmd, rules_cmd, show_cmd, value_cmd
from kpilint.errors import KpilintError
from kpilint.reporters.terminal import PrintableStream
from kpilint.version import __version__

COMMANDS = (check_cmd, diff_cmd, show_cmd, convert_cmd, new_cmd, rules_cmd, value_cmd)

EXIT_OK, EXIT_USAGE = 0, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: Chinese first, exit 2
        self.print_usage(sys.stderr)
        usage = texts.say("usage-error")
        self.exit(EXIT_USAGE, f"kpilint: {usage}{' (usage error)' if usage != 'usage error' else ''}: {message}\n")


class _Terminated(BaseException):
    """SIGTERM, raised where the run is, so every temporary file is removed on the way out
    and every worker is stopped (a kill without it leaves them)."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _on_terminate() -> Any:
    """Turn SIGTERM into `_Terminated` (in the main thread only); the previous handler."""
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: left as it is
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpilint", description="绩效目标表检查工具 — lint 绩效目标表 tables.")
    parser.add_argument("--version", action="version", version=f"kpilint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def _language(argv: Sequence[str]) -> str | None:
    """`--lang en` / `--lang=en`, looked for before the options are parsed, so that an
    option in error is said in the language asked for."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    spoken = texts.language()  # restored at the end: a caller's own messages are not changed
    texts.use(_language(sys.argv[1:] if argv is None else argv))
    try:
        return _main(argv)
    finally:
        texts.use(spoken)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    stderr, sys.stderr = sys.stderr, PrintableStream(sys.stderr)
    previous = _on_terminate()
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print(texts.say("interrupted"), file=sys.stderr)
        return 130
    except _Terminated:
        print(texts.say("terminated"), file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_OK
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the output cannot be written: `> /dev/full`, a closed terminal
        where = exc.filename if exc.filename is not None else texts.say("stdout")
        print(texts.say("cannot-write", where=where, why=exc.strerror or exc), file=sys.stderr)
        _drop_stdout()
        return EXIT_USAGE
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("KPILINT_DEBUG"):
            raise
        print(texts.say("internal-error", kind=type(exc).__name__, detail=exc), file=sys.stderr)
        return EXIT_USAGE
    finally:
        sys.stderr = stderr
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _drop_stdout() -> None:
    """What standard output still buffers is dropped, so Python's own flush at exit does
    not fail a second time on the same pipe or device."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass

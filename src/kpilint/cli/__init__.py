"""The `kpilint` command line: one module per sub-command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from kpilint.cli import check_cmd, convert_cmd, diff_cmd, new_cmd, rules_cmd, show_cmd, value_cmd
from kpilint.errors import KpilintError
from kpilint.reporters.terminal import PrintableStream
from kpilint.version import __version__

COMMANDS = (check_cmd, diff_cmd, show_cmd, convert_cmd, new_cmd, rules_cmd, value_cmd)

EXIT_OK, EXIT_USAGE = 0, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: Chinese first, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"kpilint: 用法错误 (usage error): {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpilint", description="绩效目标表检查工具 — lint 绩效目标表 tables.")
    parser.add_argument("--version", action="version", version=f"kpilint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    stderr, sys.stderr = sys.stderr, PrintableStream(sys.stderr)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("kpilint: 已中断 (interrupted)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("KPILINT_DEBUG"):
            raise
        print(f"kpilint: 内部错误: {type(exc).__name__}: {exc}\n"
              f"  提示: 这是 kpilint 的问题，不是你的文件的问题；设置 KPILINT_DEBUG=1 可看到详细信息，请报告给维护者",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    finally:
        sys.stderr = stderr

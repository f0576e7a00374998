"""Charts are inline SVG the Content-Security-Policy lets through: no script, no style
element or attribute; their rules come from the static stylesheet made from the same style."""

from pathlib import Path

from motcua.reports.charts import STYLESHEET, flow_chart, horizontal_chart, stylesheet

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_charts_carry_no_script_and_no_inline_style():
    charts = [
        flow_chart("Tiếp nhận", ["01", "02"], {"Tiếp nhận": [3, 4], "Giải quyết": [1, 2]}),
        horizontal_chart("Đúng hạn", ["Phòng Tư pháp"], [87.5], percent=True),
    ]

    for svg in charts:
        assert svg.startswith('<svg role="img" aria-label="')
        assert "<script" not in svg
        assert "<style" not in svg
        assert "style=" not in svg


def test_the_static_chart_stylesheet_is_the_one_the_style_makes():
    """After changing the chart style, write the file again (see ``stylesheet``)."""
    css = stylesheet()

    assert (STATIC / STYLESHEET).read_text(encoding="utf-8") == css
    assert "svg.chart .color-3,svg.chart .color-3 a:visited{stroke:#9b2c2c;fill:#9b2c2c}" in css
    assert "#chart-" not in css

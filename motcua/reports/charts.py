"""Charts as inline SVG, drawn on the server: no script, no network, values printed on bars.

Every chart is shown next to a table of the same numbers, and each bar carries its value,
so nothing depends on telling colours apart.
"""

import html
import re
import sys

import pygal
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# Dark blue and orange: distinguishable for the common colour-vision deficiencies.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#0b4f8a", "#d9822b", "#2f855a", "#9b2c2c"),
    font_family="DejaVu Sans, Arial, sans-serif",
    value_font_size=12,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)
# pygal registers an old-style import hook for its map plugins (unused here); it has no
# find_spec, so every later import warns. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
# pygal writes its stylesheet into every SVG and hides the (unused) tooltip with a style
# attribute; the Content-Security-Policy allows neither, so the page links the same rules
# from static/css/charts.css (made by ``stylesheet()``) instead.
STYLE_ELEMENT = re.compile(r"<style\b.*?</style>", re.S)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
CHART_ID = re.compile(r"#chart-[0-9a-f-]{36}")
STYLESHEET = "css/charts.css"


def _options(title: str, **extra) -> dict:
    return {
        "title": title,
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "print_values": True,
        "legend_at_bottom": True,
        "show_y_guides": True,
        "width": 720,
        "height": 360,
        **extra,
    }


def _svg(chart, label: str) -> SafeString:
    svg = chart.render(is_unicode=True)
    svg = STYLE_ATTRIBUTE.sub("", STYLE_ELEMENT.sub("", SCRIPT.sub("", svg)))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" class="chart" ', 1)
    return mark_safe(svg)  # noqa: S308 - built here from numbers and escaped labels


def _attr(text: str) -> str:
    return str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def flow_chart(title: str, months: list[str], series: dict[str, list[int]]) -> SafeString:
    chart = pygal.Bar(**_options(title))
    chart.x_labels = months
    for name, values in series.items():
        chart.add(name, values)
    return _svg(chart, title)


def horizontal_chart(
    title: str, labels: list[str], values: list[float | None], *, percent: bool = False
) -> SafeString:
    extra = {"height": max(220, 40 + 34 * len(labels)), "show_legend": False}
    if percent:
        extra.update(range=(0, 100), value_formatter=lambda v: f"{number_format(v, 1)}%")
    chart = pygal.HorizontalBar(**_options(title, **extra))
    chart.x_labels = [label[:40] for label in labels]
    chart.add(title, values)
    return _svg(chart, title)


def stylesheet() -> str:
    """The rules pygal would embed in each chart, for every series colour, written for any
    ``svg.chart``: the content of static/css/charts.css. After changing ``STYLE``::

        python -c "from motcua.reports.charts import stylesheet as s; print(s(), end='')" \\
            > motcua/static/css/charts.css
    """
    chart = pygal.Bar(**_options(""))
    for index in range(len(STYLE.colors)):
        chart.add(str(index), [index])
    rules = re.search(r"<style[^>]*>(.*?)</style>", chart.render(is_unicode=True), re.S)
    css = CHART_ID.sub("svg.chart", html.unescape(rules.group(1)))
    return (
        "/* Made by motcua.reports.charts.stylesheet() from the charts' pygal style. */\n"
        f"{css}\nsvg.chart .tooltip{{display:none}}\n"
    )

"""What every area's SVG charts share: the house style, and a filter that names a chart for
screen readers and leaves out what the pages' Content Security Policy refuses."""
from pygal.etree import etree
from pygal.style import Style


STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0b5d4b", "#6c757d"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
)


def _unwanted(node):
    """pygal's comments, which carry its links, its script, which only configures the
    tooltips of its external JavaScript, and the tooltips' hidden box, whose inline style
    the pages' Content Security Policy refuses."""
    return (node.tag is etree.Comment or str(node.tag).rsplit("}", 1)[-1] == "script"
            or "tooltip-overlay" in node.get("class", ""))


def accessible(label):
    """An xml filter that names the chart and leaves out what is unwanted."""
    def apply(root):
        for parent in list(root.iter()):
            for child in [child for child in parent if _unwanted(child)]:
                parent.remove(child)
        root.set("role", "img")
        root.set("aria-label", label)
        return root
    return apply

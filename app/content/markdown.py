"""Markdown to safe HTML: raw HTML is escaped by the parser and the output is sanitised."""
import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
SCROLLING_TABLE = '<div class="table-responsive" tabindex="0"><table class="table table-sm">'


def render_markdown(text):
    """Render author-written Markdown for display in a page."""
    parser = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", "def_list"])
    # Authors write Markdown, not HTML: raw HTML blocks and inline tags are shown as text.
    parser.preprocessors.deregister("html_block")
    parser.inlinePatterns.deregister("html")
    html = parser.convert(text)
    safe = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # A table wider than a phone scrolls inside its own box, which the keyboard can reach; the
    # markup is added after cleaning, where every "<table>" is a real table.
    return (safe.replace("<table>", SCROLLING_TABLE)
            .replace("</table>", "</table></div>"))

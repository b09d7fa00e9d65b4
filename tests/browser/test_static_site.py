"""The static site, opened page by page in a real browser, with no network.

The site is built once per module with ``tools/build_site.py`` and served from
127.0.0.1. Each page (the landing page and every lesson) is its own test, which
checks what a reader would notice: the maths is typeset by the local MathJax,
every figure the notebook stored is there, no link inside the site is dead, the
previous/next links walk the lessons in order, the launch buttons open the
lesson itself, nothing was fetched from another host, and every exercise's
hints and solution stay folded until clicked. A full-page
screenshot of every page is saved to ``build/browser/site/``, pass or fail. One
more test reads the built files for addresses of content delivery networks
that a page could fetch later (a click, a lazy font), which no visit shows.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from build_site import build_site
from course import NOTEBOOK_DIR, lessons
from launch_config import load_launch_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INDEX = "index"
PAGES = [INDEX] + [notebook.stem for notebook in lessons()]

# Generous: these bound a wait for a condition, they never measure speed.
TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Schemes whose "requests" never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "file"}
# Content delivery networks that Sphinx themes and extensions load from by
# default; no page may name one, and no stylesheet may load from another host.
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "googleapis.com",
             "gstatic.com", "mathjax.org", "plausible.io", "googletagmanager.com")
REMOTE_IN_CSS = re.compile(r"""(url\(|@import)\s*(url\()?\s*["']?(https?:)?//""")

# Maths in a notebook's markdown, the way MyST's dollarmath reads it: $$...$$,
# or $...$ that does not cross a blank line; code spans and fences are not maths.
CODE_IN_MARKDOWN = re.compile(r"```.*?```|`[^`\n]*`", re.S)
MATH_IN_MARKDOWN = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?:(?!\n\s*\n)[^$])+?\$", re.S)
# TeX a reader should never see once MathJax has run: a control word such as
# \frac or \hat, the \( \) \[ \] delimiters Sphinx wraps maths in, or $...$.
RAW_TEX = re.compile(r"\\[A-Za-z]+|\\[()\[\]]|\$[^$\n]+\$")

# The page's text without code (which may quote TeX on purpose) and without the
# maths MathJax has already typeset.
VISIBLE_PROSE_JS = """() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll("pre, code, script, style, mjx-container").forEach((e) => e.remove());
    return copy.textContent;
}"""
IMAGES_JS = """() => Array.from(document.images).map((img) => ({
    src: img.getAttribute("src"),
    loaded: img.complete && img.naturalWidth > 0,
    output: img.closest(".cell_output") !== null,
}))"""
LINKS_JS = """() => Array.from(document.querySelectorAll("a[href]"))
    .map((a) => ({raw: a.getAttribute("href"), resolved: a.href}))"""
TOC_LINKS_JS = """() => Array.from(
    document.querySelectorAll("article .toctree-wrapper a.reference.internal"))
    .map((a) => a.getAttribute("href"))"""


# --- the site, built and served once for the module --------------------------

@dataclass(frozen=True)
class Site:
    html_dir: Path
    base_url: str


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown pytest's output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the site once, and serve it on a free port of 127.0.0.1 for the module."""
    html_dir = build_site(tmp_path_factory.mktemp("site-build"))
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(html_dir, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- what each page should show, read from its notebook ----------------------

def notebook_facts(stem: str) -> tuple[int, int]:
    """How many maths spans and PNG outputs the page's notebook holds (0, 0 for the index)."""
    if stem == INDEX:
        return 0, 0
    nb = json.loads((NOTEBOOK_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))
    math = pngs = 0
    for cell in nb["cells"]:
        if "remove-cell" in cell.get("metadata", {}).get("tags", []):
            continue  # not on the site
        if cell["cell_type"] == "markdown":
            prose = CODE_IN_MARKDOWN.sub("", "".join(cell["source"]))
            math += len(MATH_IN_MARKDOWN.findall(prose))
        elif cell["cell_type"] == "code":
            pngs += sum("image/png" in output.get("data", {}) for output in cell["outputs"])
    return math, pngs


def neighbours(stem: str) -> tuple[str | None, str | None]:
    """The pages that "previous" and "next" should open: index, 01, 02, ... in order."""
    position = PAGES.index(stem)
    previous = f"{PAGES[position - 1]}.html" if position > 0 else None
    following = f"{PAGES[position + 1]}.html" if position + 1 < len(PAGES) else None
    return previous, following


# --- internal links ----------------------------------------------------------

class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


@functools.cache
def ids_in(page: Path) -> frozenset[str]:
    collector = _IdCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return frozenset(collector.ids)


def dead_links(site: Site, links: list[dict]) -> list[str]:
    """The internal links whose file, or #fragment in that file, does not exist in the site."""
    problems = []
    for link in links:
        raw, resolved = link["raw"], urlsplit(link["resolved"])
        if resolved.scheme in {"mailto", "javascript"}:
            continue
        if resolved.scheme in {"http", "https"} and resolved.hostname not in LOCAL_HOSTS:
            continue  # out of the site (Colab, Binder, GitHub): not followed offline
        if not link["resolved"].startswith(site.base_url):
            problems.append(f"{raw!r} leaves the site ({link['resolved']})")
            continue
        target = site.html_dir / unquote(resolved.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"{raw!r}: no file {target.relative_to(site.html_dir)}")
        elif resolved.fragment and target.suffix == ".html":
            if unquote(resolved.fragment) not in ids_in(target):
                problems.append(f"{raw!r}: no id {resolved.fragment!r} in {target.name}")
    return problems


def site_path(url: str | None) -> str | None:
    """A URL of the served site as a path inside it, e.g. ``02_x.html``."""
    if url is None:
        return None
    return unquote(urlsplit(url).path).lstrip("/") or "index.html"


# --- one visit of one page ---------------------------------------------------

@dataclass
class Visit:
    """What the browser did while showing a page: every request, failure and JS error."""

    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname not in LOCAL_HOSTS]

    def record_response(self, response) -> None:
        if response.status >= 400:
            self.failures.append(f"{response.url}: HTTP {response.status}")


def record_visit(page) -> Visit:
    """Record from now on every request, failure and JavaScript error of ``page``."""
    visit = Visit()
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("requestfailed", lambda request: visit.failures.append(f"{request.url}: {request.failure}"))
    page.on("response", visit.record_response)
    page.on("pageerror", lambda error: visit.js_errors.append(str(error)))
    return visit


def wait_for_typesetting(page, visit: Visit) -> None:
    """Wait until the local MathJax has typeset the page."""
    assert page.locator("script[src*='_static/mathjax/']").count() == 1, "the page does not load MathJax"
    # The script is deferred, so once the page has loaded it has run, or failed to load.
    started = page.evaluate("() => Boolean(window.MathJax && window.MathJax.startup)")
    assert started, f"MathJax did not start; failed requests: {visit.failures}"
    page.evaluate("() => MathJax.startup.promise.then(() => true)")  # settles after the first typeset


# --- the tests ---------------------------------------------------------------

@pytest.mark.parametrize("stem", PAGES, ids=PAGES)
def test_page_renders_offline(page, evidence_dir: Path, site: Site, stem: str) -> None:
    page_name = f"{stem}.html"
    assert (site.html_dir / page_name).is_file(), f"the build made no {page_name}"
    expected_math, expected_pngs = notebook_facts(stem)

    page.set_default_timeout(TIMEOUT_MS)
    visit = record_visit(page)
    page.goto(site.base_url + page_name, wait_until="load")
    # A page without maths (the landing page) need not load MathJax at all.
    if expected_math:
        wait_for_typesetting(page, visit)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    # Taken before any assertion, so a failing page can be looked at too.
    (evidence_dir / "site").mkdir(exist_ok=True)
    page.screenshot(path=str(evidence_dir / "site" / f"{stem}.png"), full_page=True)

    # Maths: every formula of the notebook typeset, none in error, no TeX left in view.
    typeset = page.locator("mjx-container").count()
    assert typeset == expected_math, f"MathJax typeset {typeset} formulas, the notebook has {expected_math}"
    assert page.locator("mjx-merror").count() == 0, "MathJax could not parse some formula"
    raw_tex = sorted(set(RAW_TEX.findall(page.evaluate(VISIBLE_PROSE_JS))))
    assert not raw_tex, f"raw TeX is visible on the page: {raw_tex[:10]}"

    # Figures: every image loaded, and one output image per PNG the notebook stores.
    images = page.evaluate(IMAGES_JS)
    broken = [image["src"] for image in images if not image["loaded"]]
    assert not broken, f"images that did not load: {broken}"
    outputs = sum(image["output"] for image in images)
    assert outputs == expected_pngs, f"{outputs} output images on the page, the notebook has {expected_pngs}"

    # Every link inside the site leads to a file, and to an element for a #fragment.
    problems = dead_links(site, page.evaluate(LINKS_JS))
    assert not problems, "dead internal links:\n  " + "\n  ".join(problems)

    # Previous/next walk the pages in order, and are there to be clicked.
    for selector, expected in zip(("a.left-prev", "a.right-next"), neighbours(stem), strict=True):
        link = page.locator(f".prev-next-area {selector}")
        target = site_path(link.evaluate("(a) => a.href")) if link.count() else None
        assert target == expected, f"{selector} opens {target}, expected {expected}"
        if expected is not None:
            assert link.is_visible(), f"{selector} is on the page but not visible"

    if stem == INDEX:
        listed = page.evaluate(TOC_LINKS_JS)
        assert listed == [f"{lesson}.html" for lesson in PAGES[1:]], f"the landing page lists {listed}"
    else:
        # Launch buttons open this very notebook, from the repository at the pinned ref.
        launch = load_launch_config()
        notebook = f"notebooks/{stem}.ipynb"
        for url in (launch.colab_url(notebook), launch.binder_url(notebook)):
            assert page.locator(f'a[href="{url}"]').count() == 1, f"no launch button for {url}"

    # Offline: everything the page needed came from the local server, and arrived.
    assert not visit.remote_requests(), f"requests to the network: {visit.remote_requests()}"
    assert not visit.failures, f"requests that failed: {visit.failures}"
    assert not visit.js_errors, f"JavaScript errors on the page: {visit.js_errors}"

    if stem != INDEX:
        check_exercise_folds(page, evidence_dir, stem)


def check_exercise_folds(page, evidence_dir: Path, stem: str) -> None:
    """Every exercise's hints and solution are folded until clicked; a click opens the solution.

    Checked on the page the test above already loaded and typeset (a second visit would cost as
    much again); the last exercise, its solution open, is saved as ``<stem>-exercise-opened.png``.
    """
    from lessons_utils.exercises import EXERCISES

    numbers = [number for number in EXERCISES if int(number.split(".")[0]) == int(stem[:2])]
    assert numbers, f"{stem} has no exercises"
    for number in numbers:
        ex = EXERCISES[number]
        section = page.locator("section", has=page.get_by_role("heading", name=re.compile(
            rf"^Exercise {re.escape(number)}: "))).last
        folds = section.locator("details")
        assert folds.count() == len(ex.hints) + 1, f"{number}: {folds.count()} folds on the page"
        assert all(not fold.evaluate("d => d.open") for fold in folds.all()), f"{number}: a fold starts open"
        solution = folds.last
        assert not solution.locator("pre").first.is_visible(), f"{number}: the solution shows before a click"
        solution.locator("summary").click()
        assert solution.locator("pre").first.is_visible(), f"{number}: the solution did not open"
        assert f"def {ex.name}(" in solution.inner_text()
    section.screenshot(path=str(evidence_dir / "site" / f"{stem}-exercise-opened.png"))


def test_no_page_or_stylesheet_points_at_another_host(site: Site) -> None:
    problems = [f"{page.name} mentions {host}" for page in sorted(site.html_dir.glob("*.html"))
                for host in CDN_HOSTS if host in page.read_text(encoding="utf-8")]
    problems += [f"{sheet.relative_to(site.html_dir)} loads {match.group(0)}..."
                 for sheet in sorted((site.html_dir / "_static").rglob("*.css"))
                 for match in REMOTE_IN_CSS.finditer(sheet.read_text(encoding="utf-8", errors="replace"))]
    assert not problems, "the site would fetch from the network:\n  " + "\n  ".join(problems)

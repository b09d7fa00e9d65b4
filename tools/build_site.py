"""Build the course's static site from the notebooks' stored outputs (``make site``).

The site is a jupyter-book 1.x (Sphinx) book. Its hand-written sources live in
``site/``; this script stages them together with copies of the lesson notebooks
in ``build/site-src``, fills in what must not be written down twice, and builds
the HTML into ``build/site/html``:

- the table of contents gets one chapter per ``notebooks/NN_*.ipynb``, in
  numeric order, so a new lesson needs no edit here or in ``site/``;
- the repository, ref and launch-button services come from
  ``tools/launch_config.py`` (``[tool.course.launch]`` in ``pyproject.toml``);
- MathJax 3 is copied from the ``django-static-mathjax`` wheel into the site's
  static files, so the maths renders without any network access; sphinx-thebe,
  which would point every page at a CDN, is left out of jupyter-book's extensions.

Notebooks are never executed: the pages show what ``make regenerate`` stored.
The build fails (non-zero exit) on any Sphinx warning, on a resource the pages
would fetch from another host, and on launch links that disagree with the
launch configuration.

Usage: python tools/build_site.py [--build-dir DIR]   (default: build/)
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from launch_config import LaunchConfig, load_launch_config  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE_SOURCES = ROOT / "site"
NOTEBOOK_DIR = ROOT / "notebooks"
DEFAULT_BUILD_DIR = ROOT / "build"
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
# Where the notebooks live in the repository: launch links must point there.
REPO_NOTEBOOK_DIR = "notebooks"

# MathJax: the wheel's package directory, the folder inside it holding the
# browser-ready ("es5") build, and the entry point the pages load.
MATHJAX_PACKAGE = "mathjax"
MATHJAX_DIST = ("static", "mathjax", "es5")
MATHJAX_ENTRY = "tex-chtml.js"
MATHJAX_INSTALL_HINT = (
    "install the pinned requirements (`make site` does, or "
    "`pip install -r requirements-dev.txt`); MathJax comes from the "
    "django-static-mathjax wheel"
)
# Folder of the staged book whose contents Sphinx copies to html/_static. Not
# "_static": jupyter-book adds every .js and .css found under a book's _static
# to every page, which would load all of MathJax's components on each page.
STATIC_DIR = "_vendor"

# Live code cells through Thebe need a kernel on Binder: the site has Colab and
# Binder buttons instead, and without the extension no page carries Thebe's
# CDN address (unpkg.com) or its settings at all.
UNWANTED_EXTENSIONS = {"sphinx_thebe"}

# Content delivery networks that Sphinx themes and extensions load from by
# default; no page of this site may mention one.
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "googleapis.com",
             "gstatic.com", "mathjax.org", "plausible.io", "googletagmanager.com")

COLAB_URL = "https://colab.research.google.com"
BINDER_URL = "https://mybinder.org"


class SiteBuildError(RuntimeError):
    """The site could not be built, or the built site would not work offline."""


def lesson_notebooks(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The course's lessons, ``NN_topic.ipynb``, in numeric order."""
    notebooks = sorted(notebook_dir.glob(LESSON_GLOB))
    if not notebooks:
        raise SiteBuildError(f"no lesson notebooks matching {LESSON_GLOB} in {notebook_dir}")
    return notebooks


def mathjax_dist_dir() -> Path:
    """The directory holding MathJax 3's ``es5`` build, from the installed wheel.

    The package is located with ``find_spec`` rather than imported: it is Django
    packaging around MathJax's npm files, and only its data files are needed.
    """
    spec = importlib.util.find_spec(MATHJAX_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SiteBuildError(f"the Python package {MATHJAX_PACKAGE!r} was not found: "
                             f"{MATHJAX_INSTALL_HINT}")
    for location in spec.submodule_search_locations:
        dist = Path(location).joinpath(*MATHJAX_DIST)
        if (dist / MATHJAX_ENTRY).is_file():
            return dist
    raise SiteBuildError(f"no {'/'.join(MATHJAX_DIST)}/{MATHJAX_ENTRY} in the {MATHJAX_PACKAGE!r} "
                         f"package at {list(spec.submodule_search_locations)}: {MATHJAX_INSTALL_HINT}")


def table_of_contents(template: dict, notebooks: list[Path]) -> dict:
    """``site/_toc.yml`` with one chapter per lesson appended, in order."""
    if template.get("chapters") or template.get("parts"):
        raise SiteBuildError("site/_toc.yml must list only the root page: the lessons are "
                             "added from notebooks/ at build time")
    return {**template, "chapters": [{"file": notebook.stem} for notebook in notebooks]}


def book_extensions() -> list[str]:
    """jupyter-book's own Sphinx extensions, less those this offline site must not load."""
    from jupyter_book.config import get_default_sphinx_config

    return [name for name in get_default_sphinx_config()["extensions"] if name not in UNWANTED_EXTENSIONS]


def book_config(template: dict, launch: LaunchConfig) -> dict:
    """``site/_config.yml`` completed: launch links, the local MathJax, Sphinx extensions."""
    config = dict(template)
    config["repository"] = {
        **template.get("repository", {}),
        "url": launch.github_url,
        "branch": launch.ref,
        "path_to_book": REPO_NOTEBOOK_DIR,
    }
    config["launch_buttons"] = {
        **template.get("launch_buttons", {}),
        "colab_url": COLAB_URL,
        "binderhub_url": BINDER_URL,
    }
    sphinx = dict(template.get("sphinx") or {})
    sphinx["config"] = {
        **(sphinx.get("config") or {}),
        "html_static_path": [STATIC_DIR],
        # Relative to _static, so each page loads the copy that ships with the site.
        "mathjax_path": f"mathjax/{MATHJAX_ENTRY}",
        "extensions": book_extensions(),
    }
    config["sphinx"] = sphinx
    return config


def _read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _write_yaml(path: Path, data: dict, source: Path) -> None:
    header = f"# Generated by tools/build_site.py from {source.relative_to(ROOT)}; do not edit.\n"
    path.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def stage(staging: Path, notebooks: list[Path], launch: LaunchConfig) -> None:
    """Lay out the book's sources in ``staging``: site/, the notebooks, MathJax."""
    if (SITE_SOURCES / "_static").exists():
        # jupyter-book would then scan every static path, MathJax's included (see STATIC_DIR).
        raise SiteBuildError("site/_static is not supported by tools/build_site.py: add custom "
                             "CSS or JS through sphinx.config.html_css_files/html_js_files instead")
    shutil.copytree(SITE_SOURCES, staging)
    for notebook in notebooks:
        shutil.copy2(notebook, staging / notebook.name)
    _write_yaml(staging / "_toc.yml",
                table_of_contents(_read_yaml(SITE_SOURCES / "_toc.yml"), notebooks),
                SITE_SOURCES / "_toc.yml")
    _write_yaml(staging / "_config.yml",
                book_config(_read_yaml(SITE_SOURCES / "_config.yml"), launch),
                SITE_SOURCES / "_config.yml")
    mathjax = mathjax_dist_dir()
    target = staging / STATIC_DIR / "mathjax"
    shutil.copytree(mathjax, target)
    # MathJax is Apache-2.0: ship its licence next to the copy.
    licence = mathjax.parent / "LICENSE"
    if licence.is_file():
        shutil.copy2(licence, target / "LICENSE")


def run_sphinx(staging: Path, html_dir: Path, doctree_dir: Path) -> None:
    """Build ``staging`` into ``html_dir`` with jupyter-book, turning warnings into errors.

    This makes the same call as ``jupyter-book build`` (no conf.py, the config and
    toc passed in), but in-process and with the output directory of our choosing
    rather than ``_build/html``. ``keep_going`` reports every warning before
    failing, instead of stopping at the first.
    """
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        staging, html_dir,
        noconfig=True,
        path_config=staging / "_config.yml",
        confoverrides={"external_toc_path": (staging / "_toc.yml").as_posix(),
                       "latex_individualpages": False},
        doctreedir=doctree_dir,
        freshenv=True, force_all=True,
        warningiserror=True, keep_going=True,
        quiet=True,
    )
    if isinstance(result, BaseException):
        raise SiteBuildError(f"jupyter-book failed: {result!r}") from result
    if result != 0:
        raise SiteBuildError(f"jupyter-book reported warnings (printed above) and exit status "
                             f"{result}: the site is treated as broken")


class _ResourceCollector(HTMLParser):
    """Collect the URLs a page *loads* (scripts, styles, fonts, images), not its links."""

    # <link rel=...> values whose href the browser fetches while rendering.
    FETCHED_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon",
                    "shortcut", "manifest", "preconnect", "dns-prefetch"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in {"script", "img", "iframe", "source", "video", "audio", "embed"} and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "link" and self.FETCHED_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))


def _is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in {"", "data"}


def check_offline(html_dir: Path) -> None:
    """Fail if any page loads a script, stylesheet, font or image from another host.

    Two nets: the URLs in the tags that make the browser fetch something, and a
    plain search of each page's text for the CDNs themes and extensions use, which
    also finds an address that inline JavaScript would load later.
    """
    problems = []
    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        collector = _ResourceCollector()
        collector.feed(text)
        problems += [f"{page.relative_to(html_dir)}: {url}" for url in collector.urls if _is_remote(url)]
        problems += [f"{page.relative_to(html_dir)}: mentions {host}" for host in CDN_HOSTS if host in text]
    for stylesheet in sorted((html_dir / "_static").rglob("*.css")):
        text = stylesheet.read_text(encoding="utf-8", errors="replace")
        for marker in ("url(http", "url('http", 'url("http', "url(//", "@import \"http", "@import url(http"):
            if marker in text:
                problems.append(f"{stylesheet.relative_to(html_dir)}: contains {marker}...")
    if problems:
        raise SiteBuildError("the site would fetch resources from the network:\n  " + "\n  ".join(problems))


def check_launch_links(html_dir: Path, notebooks: list[Path], launch: LaunchConfig) -> None:
    """Fail unless each lesson's Colab and Binder buttons open that lesson at the pinned ref."""
    problems = []
    for notebook in notebooks:
        page = (html_dir / f"{notebook.stem}.html").read_text(encoding="utf-8")
        repo_path = f"{REPO_NOTEBOOK_DIR}/{notebook.name}"
        for expected in (launch.colab_url(repo_path), launch.binder_url(repo_path)):
            if f'href="{expected}"' not in page:
                problems.append(f"{notebook.stem}.html has no link to {expected}")
    if problems:
        raise SiteBuildError("launch buttons disagree with tools/launch_config.py:\n  "
                             + "\n  ".join(problems))


def build_site(build_dir: Path = DEFAULT_BUILD_DIR, notebook_dir: Path = NOTEBOOK_DIR) -> Path:
    """Stage and build the site under ``build_dir``; return the HTML directory.

    ``build_dir/site-src`` holds the staged sources and ``build_dir/site`` the
    Sphinx output (``html``, ``doctrees``, and myst-nb's ``jupyter_execute``);
    both are wiped first, so every build starts from scratch.
    """
    build_dir = Path(build_dir).resolve()
    staging = build_dir / "site-src"
    output = build_dir / "site"
    for stale in (staging, output):
        shutil.rmtree(stale, ignore_errors=True)
    html_dir = output / "html"

    notebooks = lesson_notebooks(notebook_dir)
    launch = load_launch_config()
    stage(staging, notebooks, launch)
    run_sphinx(staging, html_dir, output / "doctrees")
    check_offline(html_dir)
    check_launch_links(html_dir, notebooks, launch)
    return html_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_DIR,
                        help="where to stage (site-src/) and build (site/) the book (default: build/)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        html_dir = build_site(args.build_dir)
    except SiteBuildError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    print(f"built the site in {time.perf_counter() - start:.1f} s")
    print(html_dir / "index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Development settings for the Career Connections blog.

`publishconf.py` imports everything from here and overrides only what
production needs. Paths are relative to this file (Pelican resolves them).
"""

import os
import sys

# Our plugins import their shared kit (plugins/kit) by name, and the Markdown
# extension lives in markdown_extensions/: both folders must be importable.
_here = os.path.dirname(os.path.abspath(__file__))
for folder in (os.path.join(_here, "plugins"), _here):
    if folder not in sys.path:
        sys.path.insert(0, folder)

AUTHOR = "Career Connections"
SITENAME = "Career Connections"
SITESUBTITLE = "Practical advice for job seekers: networking, job search and careers"
SITEURL = ""  # root-relative links in development
# The public address, used where a link must be absolute even in development
# (share links, social metadata, the search form). publishconf.py sets SITEURL to
# it; set SITEURL in the environment of the build to the real address.
PUBLIC_SITEURL = os.environ.get("SITEURL", "https://career-connections.example").rstrip("/")
# Feeds need absolute links even in development, or feed readers reject them.
FEED_DOMAIN = "http://127.0.0.1:8000"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
STATIC_PATHS = ["images", "extra"]
# Pelican's default, plus editors' temporary files (Vim, Emacs, backups): never
# published, and saving in an editor does not look like a change to livereload.
IGNORE_FILES = ["**/.*", ".#*", "#*#", "*~", "*.swp", "*.swx", "4913"]
EXTRA_PATH_METADATA = {}

TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
# An article dated in the future is a draft until its date; the daily scheduled
# build (.github/workflows/publish.yml) publishes it then.
WITH_FUTURE_DATES = False

# Root-relative URLs in development too: the 404 page is served at any depth,
# so its stylesheet link must not be document-relative.
RELATIVE_URLS = False

# Plugins are listed explicitly: an installed namespace plugin must never
# switch itself on just because it is installed. Ours are one per concern
# (README: Architecture); their order does not matter.
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "pelican.plugins.neighbors",  # previous / next article
    "pelican.plugins.sitemap",
    "strict",  # strict reading and checks, one-line errors
    "safehtml",  # sanitised content HTML, remote images as links, click-to-load videos
    "images",  # responsive, sized, stripped images; covers
    "reading",  # word count, reading time, table of contents, related, series
    "engage",  # share links, comments, the business-page card, feed footers
    "social",  # covers, SEO and social metadata, share cards, sitemap dates
    "feeds",  # absolute links and exact titles in feeds
    "search",  # Pagefind index
    "redirects",  # old addresses (Aliases, redirects.txt): pages, _redirects, nginx map
    "assets",  # the theme's CSS and JavaScript minified in the output
    "headers",  # _headers: CSP and the other security headers
    "buildspeed",  # parallel read, incremental livereload (remove: same site, slower)
]

# The engage plugin: share links, comments, business-page card (README lists every setting).
ENGAGE_COMMENTS_PROVIDER = "isso"  # self-hosted, so readers' comments stay with us
# While previewing: the local Isso that `./inv isso` runs (publishconf.py: the real one).
ENGAGE_COMMENTS = {"url": "http://127.0.0.1:8090/"}
ENGAGE_CONTACT_EMAIL = "editor@career-connections.example"
ENGAGE_CTA = {
    "business_name": "Career Connections",
    "text": "Job leads, networking tips and new articles, in your feed. Like our page "
    "and get started connecting with people!",
    "links": {
        # Placeholder addresses: replace with the business's real pages.
        "facebook": "https://www.facebook.com/CareerConnectionsBlog",
        "linkedin": "https://www.linkedin.com/company/career-connections-blog",
    },
    "facebook_page_plugin": True,
}
# The e-mail signup after each article and on /subscribe/: a plain form that posts to the
# provider, nothing sent before the reader subscribes. The same list as publishconf.py,
# so that the preview shows what readers get (submitting it from a preview subscribes for
# real). Placeholder username: replace it with the newsletter's Buttondown username.
ENGAGE_NEWSLETTER = {"provider": "buttondown", "username": "career-connections-example"}

# Pretty URLs: /networking-an-opportunity-lost/ rather than .html files.
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
# Year archives only: a month page nothing links to would be an orphan.
MONTH_ARCHIVE_URL = ""
MONTH_ARCHIVE_SAVE_AS = ""
# The 404 page is a direct template so that the host can serve /404.html.
DIRECT_TEMPLATES = [
    "index",
    "tags",
    "categories",
    "authors",
    "archives",
    "404",
    "search",
    "subscribe",
]
# Search (Pagefind, indexed by the search plugin after every build; SEARCH_INDEX).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# Every way to follow the site: its feeds, the e-mail signup, the business page.
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = "subscribe/index.html"
# robots.txt, from the theme's template: names the sitemap by its absolute URL.
TEMPLATE_PAGES = {"robots.txt": "robots.txt"}
# sitemap.xml (pelican-sitemap): published articles, pages and listings, with lastmod.
# Drafts and hidden content are left out by the plugin; these patterns (matched
# against site-relative URLs) drop the pages that are not content.
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^search/$", r"^robots\.txt$", r"(^|/)page/\d+/$", r"^drafts/"],
}

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: Atom and RSS, for everything, per category and per tag, full content.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = False
FEED_MAX_ITEMS = 20

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Curly quotes, dashes and ellipses: our own, about 10x faster than
        # markdown.extensions.smarty (markdown_extensions/typography.py says why).
        "markdown_extensions.typography": {},
        # Heading ids and a visible "#" link on each, for the table of contents.
        "markdown.extensions.toc": {
            "permalink": "#",
            "permalink_title": "Link to this section",
            "toc_depth": "2-3",
        },
    },
    "output_format": "html5",
}

# Pelican leaves Jinja's autoescaping off; the theme escapes explicitly too,
# so it stays safe in a site that keeps Pelican's default.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}

# Navigation: pages are listed after the built-in links by the theme.
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Used by `invoke serve` / `invoke livereload`.
BIND = "127.0.0.1"
PORT = 8000

"""End-to-end import speed on generated HTML pages, next to trafilatura's bare extraction.

Renders N generated commentaries as saved pages of two site layouts (an older,
Drupal-like one with "Similar articles", and a newer, WordPress-like one with a byline
and a year-less week label), imports them into a fresh SQLite database with
``watchdesk import``'s code path (parse, normalise, date check, deduplicate, write,
refresh derived data), and, on the same pages in the same run, times
``trafilatura.extract`` alone.

    python benchmarks/import.py --pages 10000
"""

from __future__ import annotations

import argparse
import html
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def old_layout(item, version, similar=None) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in version.paragraphs)
    extra = ""
    if similar is not None:
        other = similar.versions["en"]
        extra = (
            "<div class='similar-articles'><h2>Similar articles</h2><div class='similar-item'>"
            f"<h3><a href='/analytics/{similar.key.replace('/', '-')}'>{html.escape(other.title)}</a></h3>"
            f"<span class='date'>{similar.published_at:%B %d, %Y %H:%M}</span>"
            f"<div class='teaser'>{''.join(f'<p>{html.escape(p)}</p>' for p in other.paragraphs)}</div>"
            "</div></div>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(version.title)} | Belarus Monitor</title>"
        f"<link rel='canonical' href='https://belarusmonitor.example/analytics/{item.key.replace('/', '-')}'>"
        "</head><body><div id='header'><ul class='menu'><li>Home</li><li>Trends</li></ul></div>"
        "<div class='messages error'><h2>Error message</h2>Notice: Undefined index: nid in "
        "include() (line 12 of /var/www/site/node.tpl.php).</div><div id='content'>"
        f"<h1 class='page-title'>{html.escape(version.title)}</h1>"
        f"<div class='field-category-status'>Category status: {PHRASES[item.verdict]}</div>"
        f"<div class='field-tags'><a href='/category/x'>{item.trend}</a></div>"
        f"<div class='submitted'>{item.published_at:%B %d, %Y %H:%M}</div>"
        f"<div class='field-image'><img src='/files/x.jpg' alt=''><div class='photo-credit'>{version.photo_credit}</div></div>"
        f"<div class='field-body'>{body}</div>{extra}"
        "<div class='block-recent-trends'><h2>Recent trends</h2><ul><li>…</li></ul></div></div>"
        "<div id='sidebar'><div class='block-newsletter'><h2>Subscribe to receive analytics</h2>"
        "<form><input name='email'></form></div></div><div id='footer'>© Belarus Monitor</div>"
        "<script>var _gaq = [];</script></body></html>"
    )


def new_layout(item, version) -> str:
    from watchdesk.analysis.weeks import Week

    week = Week(item.week_start)
    label = f"{week.start:%b} {week.start.day} – {week.end:%b} {week.end.day}"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in version.paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(version.title)} – Monitoring</title>"
        f"<meta property='og:url' content='https://monitoring.example/{item.key.replace('/', '-')}/'>"
        f"<meta property='article:published_time' content='{item.published_at.isoformat()}'></head>"
        "<body class='single single-post'><header class='site-header'><nav>…</nav></header>"
        "<main><article class='post status-publish'><div class='post-meta'><span class='byline'>by "
        f"<a href='/author/x'>Analytical team</a></span> <span class='week-label'>{label}</span></div>"
        f"<a class='post-category' href='/category/x'>{item.trend}</a>"
        f"<h1 class='entry-title'>{html.escape(version.title)}</h1>"
        f"<p class='verdict'>{PHRASES[item.verdict]}</p>"
        f"<figure><img src='/x.jpg' alt='{html.escape(version.title)}'><figcaption>"
        f"<span class='caption'>Illustration</span> <span class='credit'>{version.photo_credit}</span>"
        f"</figcaption></figure><div class='entry-content'>{body}</div>"
        "<div class='share-buttons'>Share: Facebook Twitter</div></article></main>"
        "<aside class='widget-area'><section class='widget_newsletter'>Subscribe</section></aside>"
        "<footer>…</footer></body></html>"
    )


PHRASES = {
    "improved": "The situation has improved",
    "unchanged": "The situation has not changed",
    "worsened": "The situation got worse",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--extract-sample", type=int, default=2000, help="pages timed with trafilatura"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="watchdesk-import-bench-"))
    os.environ["WATCHDESK_DATA_DIR"] = str(work / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchdesk.settings")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("WATCHDESK_DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command

    from watchdesk.importer.normalise import TrendMap
    from watchdesk.importer.run import run_import
    from watchdesk.sample.generator import generate
    from watchdesk.sample.loader import prepare

    trends = 10
    items = list(generate(weeks=-(-args.pages // trends), trends=trends, seed=3))[: args.pages]
    pages_dir = work / "pages"
    pages_dir.mkdir()
    similar_every = 10  # every tenth old-layout page lists another commentary as similar
    rng = random.Random(5)
    for n, item in enumerate(items):
        version = item.versions["en"]
        # Long generated archives reuse storylines with other names; a paragraph of this
        # page's own words in a new order keeps each page a distinct text, as in a real
        # archive, instead of a near-copy the importer would rightly merge.
        words = " ".join(version.paragraphs).split()
        version.paragraphs.insert(1, " ".join(rng.sample(words, min(70, len(words)))) + ".")
        if n % 2:
            text = new_layout(item, version)
        else:
            text = old_layout(item, version, items[n - 1] if n and n % similar_every == 0 else None)
        (pages_dir / f"{n:06d}.html").write_text(text, encoding="utf-8")
    files = sorted(pages_dir.iterdir())
    size = sum(f.stat().st_size for f in files) / len(files)
    print(f"{len(files)} pages ({size / 1024:.1f} KiB each) in {pages_dir}")

    call_command("migrate", verbosity=0)
    prepare({item.trend for item in items})
    trend_map = TrendMap({TrendMap._norm(t): t for t in {i.trend for i in items}})

    started = time.perf_counter()
    summary = run_import(
        [str(pages_dir)], trend_map=trend_map, keep_going=True, workers=args.workers
    )
    elapsed = time.perf_counter() - started
    items_done = sum(summary.counts.values())
    print(f"import: {summary.line()} in {elapsed:.1f} s")
    print(
        f"  end to end: {len(files) / elapsed:.1f} pages/s ({items_done / elapsed:.1f} items/s), "
        f"{args.workers} parser processes"
    )
    if summary.failures:
        print(f"  first failures: {summary.failures[:3]}")

    import trafilatura

    sample = files[: args.extract_sample]
    texts = [f.read_text(encoding="utf-8") for f in sample]
    times = []
    for text in texts:
        start = time.perf_counter()
        trafilatura.extract(text)
        times.append(time.perf_counter() - start)
    bare = len(texts) / sum(times)
    print(
        f"trafilatura.extract alone, 1 process: {bare:.1f} pages/s "
        f"(median {statistics.median(times) * 1000:.1f} ms per page, {len(texts)} pages)"
    )
    print(f"ratio ours end to end / trafilatura bare: {len(files) / elapsed / bare:.2f}")
    print(f"target ≥ 100 pages/s end to end: {'met' if len(files) / elapsed >= 100 else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())

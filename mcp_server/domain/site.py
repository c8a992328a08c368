"""Jekyll conventions: post file names, slugs and the URLs Jekyll gives posts. Pure.

Links between posts are computed from the site's `permalink` and `baseurl`, the way Jekyll
computes them, because the posts are rendered with Liquid off (so `{% post_url %}` is not
available) and a link must point where the built site really puts the post.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def slugify(text: str, fallback: str = "lesson", max_len: int = 60) -> str:
    """ASCII slug: letters, digits and single hyphens; never empty, never a path."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s).strip("-").lower()
    s = s[:max_len].rstrip("-")
    return s or fallback


def post_url(date: dt.date, slug: str, categories: list[str], permalink: str | None, baseurl: str | None) -> str:
    pattern = STYLES.get(permalink or "date", permalink or STYLES["date"])
    ext = "" if pattern.endswith("/") else ".html"
    cats = "/".join(slugify(c) for c in categories)
    parts = {
        ":categories": cats,
        ":year": f"{date.year:04d}",
        ":month": f"{date.month:02d}",
        ":i_month": str(date.month),
        ":day": f"{date.day:02d}",
        ":i_day": str(date.day),
        ":y_day": f"{date.timetuple().tm_yday:03d}",
        ":short_year": f"{date.year % 100:02d}",
        ":week": f"{date.isocalendar()[1]:02d}",
        ":short_day": date.strftime("%a"),
        ":title": slug,
        ":slug": slug,
        ":output_ext": ext,
    }
    url = re.sub(r":[a-z_]+", lambda m: parts.get(m.group(0), m.group(0)), pattern)
    url = re.sub(r"/+", "/", url)
    return (baseurl or "").rstrip("/") + url

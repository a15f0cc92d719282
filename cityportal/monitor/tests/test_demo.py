"""The monitor's demo: six months of varied residents' posts, a few stories carried by several
sites, typed as people type, the same for the same day on every run."""

import datetime
import io

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from cityportal.core.text import has_diacritics
from cityportal.monitor.demo import demo_posts
from cityportal.monitor.models import Item
from cityportal.monitor.pipeline.normalise import TEENCODE


def test_demo_posts_are_mostly_distinct_stories_with_some_syndicated(db):
    """272 of the demo's 332 posts clustered into a few stories: its parts were recombined so
    often that the dashboard counted a handful of stories a day, all alike."""
    call_command("load_monitor_demo", stdout=io.StringIO())
    posts = Item.objects.filter(kind=Item.Kind.POST, status=Item.Status.PROCESSED)
    copies = posts.filter(is_primary=False).count()
    assert posts.count() > 300 and copies < 0.15 * posts.count()
    sizes = posts.values("cluster").annotate(n=Count("pk")).values_list("n", flat=True)
    assert sum(1 for n in sizes if n >= 3) >= 8  # stories carried by three sites or more
    texts = list(posts.values_list("text", flat=True))
    assert len(set(texts)) > 0.95 * len(texts)
    plain = [t for t in texts if not has_diacritics(t)]
    teen = [t for t in texts if set(t.lower().replace(".", " ").split()) & set(TEENCODE)]
    assert len(plain) > 0.1 * len(texts) and len(teen) > 0.05 * len(texts)
    assert {"negative", "positive"} <= set(posts.values_list("sentiment", flat=True))


def test_a_later_load_gives_the_days_already_loaded_the_same_posts():
    """Posts are fixed by their day: a load a month later adds the new days' posts and finds
    the earlier days' keys already stored, with the same texts."""
    today, now = datetime.date(2026, 11, 28), timezone.now()
    month_later = today + datetime.timedelta(days=31)
    first = {p.key: p.text for p in demo_posts(today, now, 30, 190) if p.key[0] == "demo"}
    later = {p.key: p.text for p in demo_posts(month_later, now, 30, 190) if p.key[0] == "demo"}
    shared = first.keys() & later.keys()
    assert len(shared) > 100 and all(first[key] == later[key] for key in shared)
    assert any(key[1] > today.isoformat() for key in later)

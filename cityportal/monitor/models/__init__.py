"""What the monitoring desk listens to (sources), what it heard (items, grouped into stories),
what it watches for (watchlists) and what it raised (alerts): one module each, all importable
from here."""

from .items import (
    SENTIMENT_READ,
    SENTIMENTS,
    TOPIC_NAMES,
    TOPIC_READ,
    TOPICS,
    TOXICITY,
    TOXICITY_READ,
    Cluster,
    ClusterBand,
    Item,
    ItemQuerySet,
    author_hash,
)
from .sources import Source, SourceQuerySet
from .watch import Alert, AlertQuerySet, Watchlist

__all__ = [
    "SENTIMENT_READ",
    "SENTIMENTS",
    "TOPIC_NAMES",
    "TOPIC_READ",
    "TOPICS",
    "TOXICITY",
    "TOXICITY_READ",
    "Alert",
    "AlertQuerySet",
    "Cluster",
    "ClusterBand",
    "Item",
    "ItemQuerySet",
    "Source",
    "SourceQuerySet",
    "Watchlist",
    "author_hash",
]

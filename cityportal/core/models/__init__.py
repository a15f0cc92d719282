"""The core app's models, a module per concern: places, organisations, the mail outbox, the
database queue's workers and the forms kept when an admin sign-in ended."""

from .kept_forms import KeptForm, KeptFormQuerySet
from .mail import QueuedMail, QueuedMailQuerySet
from .organisations import Organisation
from .places import (
    CITY_CODE,
    REFORM_DATE,
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    FoldedMatchQuerySet,
)
from .workers import WorkerHeartbeat, WorkerHeartbeatQuerySet

__all__ = [
    "CITY_CODE",
    "REFORM_DATE",
    "AdministrativeUnit",
    "AdministrativeUnitQuerySet",
    "FoldedMatchQuerySet",
    "KeptForm",
    "KeptFormQuerySet",
    "Organisation",
    "QueuedMail",
    "QueuedMailQuerySet",
    "WorkerHeartbeat",
    "WorkerHeartbeatQuerySet",
]

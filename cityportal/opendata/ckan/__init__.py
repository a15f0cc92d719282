"""CKAN's Action API (v3), read only, so CKAN clients, `ckanapi` and harvesters read the catalogue
and its tables: `/api/3/action/<action>` with CKAN's envelope, errors and parameter names."""

from .views import action

__all__ = ["action"]

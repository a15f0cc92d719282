"""The monitoring desk's admin views, one module a model (see wagtail_hooks for the menu)."""

"""The data system's own endpoints under /api/v1/: indicators and their observations."""

from ninja import Router

router = Router(tags=["data"])

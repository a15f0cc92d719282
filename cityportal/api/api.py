"""The public JSON API, `/api/v1/`, with its OpenAPI schema at `/api/v1/openapi.json` and
documentation at `/api/v1/docs`. Each app contributes a router."""

from ninja import NinjaAPI

from cityportal.contributions.api import router as contributions_router
from cityportal.opendata.api import router as opendata_router
from cityportal.reports.api import router as pageviews_router
from cityportal.search.api import router as search_router

api = NinjaAPI(
    title="CityPortal API",
    version="1",
    description="Dữ liệu công khai của kênh Thành phố Hồ Chí Minh trên Cổng TTĐT Chính phủ.",
    urls_namespace="api-v1",
)
api.add_router("/search", search_router)
api.add_router("/contributions", contributions_router)
api.add_router("", opendata_router)
api.add_router("", pageviews_router)

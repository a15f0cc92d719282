"""`GET /api/v1/search` and its suggestions, in the project's OpenAPI schema."""

import contextlib
import datetime
import html
import re
from typing import Literal

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from cityportal.api.schemas import answers
from cityportal.core.models import AdministrativeUnit

from . import engine
from .models import Document

router = Router(tags=["search"])
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Kind = Literal[tuple(Document.Kind.values)]


class SearchParams(Schema):
    # No length limit: the engine reads the first few hundred characters of a longer query.
    q: str = Field("", description="Từ khóa, có dấu hoặc không dấu")
    limit: int = Field(10, ge=1, le=50)
    offset: int = Field(0, ge=0, le=1000)
    type: Kind | None = None
    section: str = Field("", description="slug chuyên mục, ví dụ kinh-te-xa-hoi")
    place: str = Field("", description="slug địa bàn, ví dụ phuong-sai-gon")
    from_: datetime.date | None = Field(None, alias="from")
    to: datetime.date | None = None
    sort: Literal["relevance", "newest"] = "relevance"

    @field_validator("limit", "offset", "type", "sort", mode="before")
    @classmethod
    def blank_is_unset(cls, value, info: ValidationInfo):
        """`?type=&from=` (a form left blank, or the documented URL template) means no filter."""
        return cls.model_fields[info.field_name].default if value == "" else value

    @field_validator("from_", "to", mode="before")
    @classmethod
    def iso_date(cls, value):
        """A day as YYYY-MM-DD and nothing else (lax parsing read `from=86400` as 2 January 1970
        and took datetimes); blank means no filter."""
        if value == "":
            return None
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            with contextlib.suppress(ValueError):  # 2024-13-01
                return datetime.date.fromisoformat(value)
        raise PydanticCustomError("date_format", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-07-01.")

    @field_validator("section")
    @classmethod
    def known_section(cls, value):
        # Known when something searchable is in it (a public section's own page at least).
        if value and not Document.objects.filter(section=value).exists():
            raise PydanticCustomError(
                "unknown_section",
                "Không có chuyên mục '{slug}'; dùng slug chuyên mục, ví dụ kinh-te-xa-hoi.",
                {"slug": value},
            )
        return value

    @field_validator("place")
    @classmethod
    def known_place(cls, value):
        if value and not AdministrativeUnit.objects.filter(slug=value).exists():
            raise PydanticCustomError(
                "unknown_place",
                "Không có địa bàn '{slug}'; dùng slug địa bàn, ví dụ phuong-sai-gon.",
                {"slug": value},
            )
        return value


class SearchResult(Schema):
    type: str
    title: str
    url: str
    published_at: datetime.datetime | None
    snippet: str = Field(description="HTML; the reader's words in <mark>")
    score: float


class SearchResponse(Schema):
    total: int = Field(description="exact unless total_exact is false (a very common query)")
    total_exact: bool = True
    results: list[SearchResult]
    did_you_mean: str = ""
    fewer_words: str = Field(
        "", description="nothing has every word: the words less one that find something"
    )


class SuggestParams(Schema):
    q: str = ""
    limit: int = Field(8, ge=1, le=20)


class Suggestion(Schema):
    type: str
    title: str
    url: str


def _cacheable(response: HttpResponse) -> None:
    # Set here, so the page cache does not keep it: queries are nearly all different, and a kept
    # answer would outlive an unpublished page or a rebuilt index by minutes. Browsers and a
    # front cache may keep it as briefly as the search page.
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)


@router.get(
    "",
    response=answers(SearchResponse, 422),
    url_name="search",
    summary="Tìm kiếm toàn bộ nội dung công khai",
)
def search(request, response: HttpResponse, params: Query[SearchParams]):
    _cacheable(response)
    if params.from_ and params.to and params.from_ > params.to:
        raise HttpError(422, "`from` phải trước `to`.")
    results = engine.search(
        params.q,
        kind=params.type or "",
        section=params.section,
        place=params.place,
        start=params.from_,
        end=params.to,
        order=params.sort,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "total": results.total,
        "total_exact": results.exact_total,
        "results": [
            {
                "type": hit.kind,
                # The page's marked, escaped title as plain text: "Tôm & cá", not "Tôm &amp; cá".
                "title": html.unescape(strip_tags(hit.title)),
                "url": request.build_absolute_uri(hit.document.url),
                "published_at": hit.document.published_at,
                "snippet": str(hit.snippet),
                "score": round(hit.score, 6),
            }
            for hit in results.hits
        ],
        "did_you_mean": results.did_you_mean,
        "fewer_words": results.fewer_words,
    }


@router.get(
    "/suggest",
    response=answers(list[Suggestion], 422),
    url_name="search_suggest",
    summary="Gợi ý khi đang gõ",
)
def suggest(request, response: HttpResponse, params: Query[SuggestParams]):
    _cacheable(response)
    return [
        {"type": d.kind, "title": d.title, "url": request.build_absolute_uri(d.url)}
        for d in engine.suggest(params.q, limit=params.limit)
    ]

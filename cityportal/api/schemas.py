"""Pieces every router of the JSON API shares."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ValidationInfo, field_validator


class BlankIsUnset(Schema):
    """Query parameters where `?limit=&from=` (a form left blank, or a documented URL template)
    means the default, not a 422."""

    @field_validator("*", mode="before")
    @classmethod
    def blank_is_unset(cls, value, info: ValidationInfo):
        return cls.model_fields[info.field_name].default if value == "" else value


# The largest offset: the database cannot bind an integer of 2**63 or more (a 500 on SQLite),
# and no list here comes near this one.
OFFSET_MAX = 2**31 - 1


def limit_offset(default: int, maximum: int) -> type[LimitOffsetPagination]:
    """ninja's limit/offset pagination with this router's page sizes."""

    class Pages(LimitOffsetPagination):
        class Input(BlankIsUnset):
            limit: int = Field(default, ge=1, le=maximum)
            offset: int = Field(0, ge=0, le=OFFSET_MAX)

    return Pages


def absolute(context, path: str) -> str:
    """A full URL for a path, from a schema resolver's context."""
    return context["request"].build_absolute_uri(path)


class Problem(Schema):
    """One thing wrong with a request's parameters, as pydantic reports it."""

    type: str
    loc: list[str | int]
    msg: str


class Error(Schema):
    """Every refusal of the API: a sentence (`detail`), or for parameters that do not validate
    (422) the list of what is wrong with each."""

    detail: str | list[Problem]


def answers(ok, *errors: int) -> dict:
    """A route's documented responses: `ok` for 200, the error shape for each status in
    `errors`, so clients generated from the schema know the refusals too."""
    return {200: ok, **dict.fromkeys(errors, Error)}

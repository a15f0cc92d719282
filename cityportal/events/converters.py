"""The URL converter for event and accreditation numbers in addresses."""

from django.urls import register_converter

# The largest id a database keeps (BIGINT): a longer number typed into an address is no event,
# not a server error (SQLite raises OverflowError on it; a page's id lookup is not guarded).
MAX_ID = 2**63 - 1


class DatabaseId:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("too large for the database: no such object")  # Django answers 404
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(DatabaseId, "db_id")

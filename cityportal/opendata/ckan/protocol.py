"""CKAN's Action API conventions that every action follows: the registry of actions, errors as
CKAN reports them, CKAN's limits, and how parameters are read."""

import datetime
import json
from collections.abc import Callable
from typing import Any

ACTIONS: dict[str, Callable[[Any, dict], Any]] = {}
SEARCH_ROWS_MAX = 1000  # CKAN's ckan.search.rows_max
DATASTORE_ROWS_MAX = 32000  # CKAN's ckan.datastore.search.rows_max
# Solr's and PostgreSQL's int: a larger offset or limit cannot reach the database (SQLite
# overflows on 2**63), and no catalogue or table here comes near it.
INTEGER_MAX = 2**31 - 1


class ActionError(Exception):
    """An action's failure as CKAN reports it: an HTTP status and the envelope's `error`."""

    def __init__(self, status: int, error: dict):
        super().__init__(error)
        self.status, self.error = status, error


def not_found(what: str) -> ActionError:
    return ActionError(404, {"__type": "Not Found Error", "message": f"Không tìm thấy: {what}"})


def invalid(field: str, message: str) -> ActionError:
    return ActionError(409, {field: [message], "__type": "Validation Error"})


def bad_query(message: str) -> ActionError:
    return ActionError(
        400, {"__type": "Search Query Error", "message": f"Search Query is invalid: {message}"}
    )


def register(function):
    """Register `function` as the action of its name."""
    ACTIONS[function.__name__] = function
    return function


# Parameters: GET gives strings, POST JSON gives typed values; both are accepted.


def required(data: dict, key: str) -> str:
    value = data.get(key)
    if value in (None, ""):
        raise invalid(key, "Thiếu giá trị")
    return str(value)


def integer(data: dict, key: str, default: int | None, minimum=0, maximum=None) -> int | None:
    value = data.get(key, default)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # JSON's 1e400 is read as an infinity
        raise invalid(key, "Phải là số nguyên") from None
    if number < minimum:
        raise invalid(key, f"Không được nhỏ hơn {minimum}")
    if maximum:
        return min(number, maximum)  # as CKAN, which serves rows_max rows at most
    if number > INTEGER_MAX:
        raise invalid(key, f"Không được lớn hơn {INTEGER_MAX}")
    return number


def flag(data: dict, key: str, default: bool = False) -> bool:
    if data.get(key) in (None, ""):
        return default
    return str(data[key]).lower() in ("true", "1", "yes", "on")


def structured(data: dict, key: str, default):
    """A JSON object or list, given as such (POST) or as JSON text (GET)."""
    value = data.get(key, default)
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:
            return json.loads(value)
        except ValueError:
            raise invalid(key, "JSON không hợp lệ") from None
    return value


def timestamp(moment: datetime.datetime) -> str:
    """CKAN's timestamps: UTC, ISO 8601 without an offset."""
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()

"""What the API answers outside its routes."""

from django.http import JsonResponse


def not_found(request, rest: str = ""):
    """An unknown address under /api/v1/ answers in JSON, in the shape of the API's errors, not
    with the site's HTML page: a client reading `detail` learns where the routes are listed."""
    return JsonResponse(
        {"detail": f"Không có địa chỉ API {request.path}. Danh sách tại /api/v1/docs."},
        status=404,
    )

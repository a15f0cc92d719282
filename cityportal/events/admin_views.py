"""Organisers' admin pages: the printable door list (and its CSV), and a reporter's photo from
private storage."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cityportal.core.uploads import serve_private
from cityportal.opendata.exports import neutralise

from .accreditation import door_list
from .models import Accreditation, EventPage

DOOR_LIST_PERMISSION = "events.view_registration"


def door_list_view(request, event_id):
    if not request.user.has_perm(DOOR_LIST_PERMISSION):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=event_id)
    entries = door_list(event)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="danh-sach-{event.slug}.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 Vietnamese only with the BOM
        writer = csv.writer(response)
        writer.writerow(["STT", "Loại", "Họ tên", "Cơ quan, đơn vị", "Thẻ nhà báo / Điện thoại"])
        for number, e in enumerate(entries, 1):
            # Names come from the public form: "=HYPERLINK(…)" must not run in Excel.
            row = [number, e.kind, neutralise(e.name), neutralise(e.organisation), e.detail]
            writer.writerow(row)
        return response
    context = {"event": event, "entries": entries, "printed_at": timezone.now()}
    return render(request, "events/admin/door_list.html", context)


def accreditation_photo(request, pk):
    if not request.user.has_perm("events.view_accreditation"):
        raise PermissionDenied
    accreditation = get_object_or_404(Accreditation, pk=pk)
    return serve_private(accreditation.photo)  # shown in place (admin URLs are never cached)

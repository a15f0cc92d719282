from django.http import HttpResponse


def catalog(request, fmt):
    return HttpResponse(status=501)

from django.http import HttpResponse


def download(request, resource_id, fmt):
    return HttpResponse(status=501)


def download_version(request, resource_id, version_id):
    return HttpResponse(status=501)

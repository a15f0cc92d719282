from django.http import HttpResponse


def catalogue(request):
    return HttpResponse(status=501)


def dataset_detail(request, name):
    return HttpResponse(status=501)


def indicator_detail(request, code):
    return HttpResponse(status=501)

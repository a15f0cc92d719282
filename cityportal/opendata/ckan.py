from django.http import HttpResponse


def action(request, action):
    return HttpResponse(status=501)

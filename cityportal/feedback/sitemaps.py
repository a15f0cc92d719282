"""Published answers in /sitemap.xml beside the pages, so a citizen who asks a search engine the
same question ("xin phep sua nha") finds the agency's answer."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Enquiry


class AnswerSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Enquiry.objects.published().order_by("-answered_at", "pk")

    def lastmod(self, enquiry):
        return enquiry.answered_at


class AnswerIndexSitemap(Sitemap):
    """/hoi-dap/, the list of every published answer, newest first."""

    changefreq = "weekly"

    def items(self):
        return ["feedback:answers"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Enquiry.objects.published().aggregate(Max("answered_at"))["answered_at__max"]

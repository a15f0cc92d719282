"""Published answers in /sitemap.xml beside the pages, so a citizen who asks a search engine the
same question ("xin phep sua nha") finds the agency's answer."""

from django.contrib.sitemaps import Sitemap

from .models import Enquiry


class AnswerSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Enquiry.objects.published().order_by("-answered_at", "pk")

    def lastmod(self, enquiry):
        return enquiry.answered_at

"""The report as a PDF in the form of an official Vietnamese report (WeasyPrint)."""

from django.template.loader import render_to_string

from . import template_context


def render(data: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/report_pdf.html", template_context(data, printed=True))
    return HTML(string=html).write_pdf()

"""What each newsroom role reaches beyond pages: events desk for editors, the quarterly report
and opinion briefs for the editor-in-chief."""

from django.urls import reverse

from cityportal.events.models import Registration


def test_editors_run_the_events_desk_and_the_chief_reads_reports(client, staff):
    registrations = Registration.snippet_viewset.get_url_name("list")
    client.force_login(staff["editor"])
    assert client.get(reverse(registrations)).status_code == 200
    assert client.get(reverse("reports_quarterly")).status_code == 302  # refused: back home

    client.force_login(staff["chief"])
    assert client.get(reverse("reports_quarterly")).status_code == 200
    assert client.get(reverse("monitor_brief")).status_code == 200

    client.force_login(staff["reporter"])
    assert client.get(reverse(registrations)).status_code == 302

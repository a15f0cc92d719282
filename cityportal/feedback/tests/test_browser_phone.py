"""A citizen on a 320 px phone looks for an answer on /hoi-dap/ and sends a question with a file."""

import pytest

from cityportal.feedback.demo import load_feedback_demo
from cityportal.news.demo import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(live_server, transactional_db):
    load_demo()  # places, agencies' users and the articles the demo feedback is about
    load_feedback_demo()
    return live_server.url


def test_answers_on_a_phone_fit_the_screen_and_stand_clear_of_the_search_box(phone, demo_site):
    """QA at 320 px: the first answer's title touched the answers' search box and its button."""
    phone.goto(demo_site + "/hoi-dap/")
    box = phone.locator("form.search-form").bounding_box()
    first = phone.locator("article.card").first.bounding_box()
    assert first["y"] - (box["y"] + box["height"]) >= 16
    # Found typed without diacritics, and opened.
    phone.get_by_label("Tìm trong các câu trả lời").fill("rac cong kenh")
    phone.get_by_role("button", name="Tìm", exact=True).last.tap()
    phone.get_by_role("link", name="Lịch thu gom rác cồng kềnh").tap()
    assert phone.locator("h1").inner_text() == "Lịch thu gom rác cồng kềnh"
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320


def test_the_question_forms_file_button_is_44px_to_tap(phone, demo_site):
    """QA at 320 px: the browser's own "choose files" button on /gop-y/ was 25 px tall, under
    the 44 px of every other control of the form."""
    phone.goto(demo_site + "/gop-y/")
    files = phone.locator("input[type=file]")
    assert files.bounding_box()["height"] >= 44
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320

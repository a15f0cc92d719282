"""The public site's markup as a screen reader reads it: where the reader is in the menu."""

import pytest
from bs4 import BeautifulSoup


def current_menu_items(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").find("nav", class_="site-nav")
    return [a.get_text() for a in nav.find_all("a", attrs={"aria-current": "page"})]


@pytest.mark.parametrize(
    "url, item",
    [
        ("/dia-ban/", "Địa bàn"),
        ("/dia-ban/phuong-sai-gon/", "Địa bàn"),
        ("/du-lieu/", "Dữ liệu"),
        ("/hoi-dap/", "Hỏi đáp"),
    ],
)
def test_menu_marks_the_places_data_and_answers_items_current_on_their_pages(
    client, home, url, item
):
    """QA: only sections and 'Sự kiện' carried aria-current (and the underline); on /dia-ban/,
    /du-lieu/ and /hoi-dap/ the menu did not say where the reader was."""
    assert current_menu_items(client, url) == [item]


def test_menu_marks_nothing_current_on_the_home_page(client, home):
    assert current_menu_items(client, "/") == []


def test_share_links_are_a_named_group(client, make_article):
    """QA: 'X', 'Email', 'Zalo' sat in a <div aria-label>, a name ARIA ignores on a plain div,
    so a screen reader's list of links gave them no 'share' context."""
    article = make_article()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    share = soup.find(class_="share")
    assert (share["role"], share["aria-label"]) == ("group", "Chia sẻ bài viết")
    assert {a.get_text() for a in share.find_all("a")} >= {"Facebook", "Zalo", "X", "Email"}

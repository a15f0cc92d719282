"""A dataset page as a screen reader lists it: every link says where it goes."""

from bs4 import BeautifulSoup


def test_each_chart_compare_link_names_its_indicator(client, make_dataset):
    """QA: a dataset with six charts had six links all read as 'So sánh các địa bàn, các năm
    của chỉ tiêu này', with nothing in a screen reader's list of links to tell them apart."""
    dataset = make_dataset(
        [
            ("Số vụ cháy, nổ", "vụ", "79", 2021, 120),
            ("Số vụ cháy, nổ", "vụ", "79", 2022, 98),
            ("Số người bị thương do cháy, nổ", "người", "79", 2021, 40),
            ("Số người bị thương do cháy, nổ", "người", "79", 2022, 35),
        ]
    )
    soup = BeautifulSoup(client.get(dataset.get_absolute_url()).content, "html.parser")
    names = [
        " ".join(a.get_text().split()) for a in soup.select(".chart-link a[href^='/chi-tieu/']")
    ]
    assert len(names) == 2
    assert all(name.startswith("So sánh các địa bàn, các năm của chỉ tiêu này") for name in names)
    assert any(name.endswith(": Số vụ cháy, nổ") for name in names)
    assert any(name.endswith(": Số người bị thương do cháy, nổ") for name in names)

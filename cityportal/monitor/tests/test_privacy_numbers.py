"""Numbers and addresses masked in the brief's quotes: phone numbers as Vietnamese write them,
identity papers, bank accounts and their holders, e-mail addresses, handles and profile links, house
numbers and licence plates; figures, amounts, dates, alleys, roads and hours kept; in linear
time."""

import time

import pytest

from cityportal.monitor.privacy import scrub


@pytest.mark.parametrize(
    "written",
    [
        "(028) 3829 6052",
        "028.3829.6052",
        "028-3829-6052",
        "(08) 3829 6052",
        "+84 (0) 909 999 888",
        "+84 28 3829 6052",
        "(+84) 909-999-888",
        "+84909999888",
        "0909.123.456",
        "0909 12 34 56",
        "090 912 3456",
        "0168 123 4567",
        "84912345678",
        "0084 912 345 678",
        "0912  345  678",
        "0912\t345\t678",
        "0912 - 345 - 678",
    ],
)
def test_phone_numbers_as_vietnamese_write_them_are_masked(written):
    assert scrub(f"Gọi {written}.") == "Gọi [số điện thoại]."


@pytest.mark.parametrize(
    "text",
    [
        "năm 2025",
        "12.500 đồng",
        "1,2 tỷ",
        "1.090.123.456 đồng",
        "12 000 000 đồng",
        "ngày 27/11/2026",
        "ngày 01/12/2026 lúc 07.30",
        "3.000 hộ dân",
        "0,5 tỷ",
        "0 ca",
        "8412 người",
        "ngày 05/09/2024 lúc 08:30",
        "1.500.000 đồng",
        "năm 1990 1991 1992",
        "mã 0123 4567 89",  # a 10-digit number with 01 was never a phone number
    ],
)
def test_ordinary_numbers_are_not_taken_for_phone_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "row",
    [
        "0.10 0.11 0.12 0.13",
        "tỉ lệ 0,10 0,11 0,12 0,13",
        "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9",
        "0.12 0.34 0.56 0.78 0.90",
        "0 1 0 2 0 3 0 4 0 5",
        "0 12 34 56 78 9",
        "05 06 07 08 09",
        "ngày 01.12.2024 02.12.2024",
        "01.10 02.11 03.12",
        "12/2024 0 1 2 3 4 5 6 7 8 9",
    ],
)
def test_a_row_of_decimals_or_figures_is_no_phone_number(row):
    """A quoted table's row adds up to as many digits as a phone number; it was masked (or cut,
    "[số điện thoại].13") though no one writes a phone number so."""
    assert scrub(f"Bảng: {row}, gọi 0909 123 456") == f"Bảng: {row}, gọi [số điện thoại]"


# The two tests below guard against a hang, not a speed target (that is bench/'s): their inputs
# took minutes before the fix and well under a second after it, so a bound of HANG seconds
# separates the two on any machine however loaded.
HANG = 30


def test_a_long_row_of_decimals_is_scrubbed_in_linear_time():
    """Each group skipped read the rest of the row again: 50,000 decimals took four minutes."""
    row = "0.12 " * 50_000
    started = time.perf_counter()
    assert scrub(f"{row}gọi 0903123456") == f"{row}gọi [số điện thoại]"
    assert time.perf_counter() - started < HANG


def test_two_numbers_joined_by_a_slash_are_both_masked():
    assert scrub("Gọi 0912345678/0987654321") == "Gọi [số điện thoại]/[số điện thoại]"


def test_a_count_after_a_phone_number_and_a_second_number_are_told_apart():
    assert scrub("gọi 0903123456 3 lần, 0909111222 0909333444") == (
        "gọi [số điện thoại] 3 lần, [số điện thoại] [số điện thoại]"
    )


def test_a_table_of_figures_in_a_quote_is_read_not_a_crash():
    """Hundreds of small numbers in a row (a pasted table: "0 0 1 0 …") are one phone candidate
    of as many digit groups: the brief ran out of stack on them (RecursionError)."""
    figures = "0 " * 1500
    assert scrub(f"Bảng: {figures}gọi 0903123456") == f"Bảng: {figures}gọi [số điện thoại]"


def test_a_long_word_without_an_address_is_scrubbed_in_linear_time():
    """A pasted token of 100,000 characters took a minute: the e-mail pattern was tried at each
    of its characters and ran to the word's end each time."""
    token = "x" * 400_000  # about sixteen minutes before the fix
    started = time.perf_counter()
    assert scrub(f"mã {token} a.b@example.invalid") == f"mã {token} [email]"
    assert time.perf_counter() - started < HANG


@pytest.mark.parametrize(
    "written, masked",
    [
        ("CCCD 079201001234 của tôi", "CCCD [mã số cá nhân] của tôi"),
        ("số CCCD: 079 201 001 234.", "số CCCD: [mã số cá nhân]."),
        ("Căn cước công dân số 079201001234", "Căn cước công dân số [mã số cá nhân]"),
        ("chứng minh thư 025 123 456", "chứng minh thư [mã số cá nhân]"),
        ("CMND 025123456", "CMND [mã số cá nhân]"),
        ("hộ chiếu B1234567", "hộ chiếu [mã số cá nhân]"),
        ("STK 0071001234567 Vietcombank", "STK [mã số cá nhân] Vietcombank"),
        ("số tài khoản: 0071-0012-34567", "số tài khoản: [mã số cá nhân]"),
        ("MST 0301234567", "MST [mã số cá nhân]"),
        ("mã hồ sơ 079201001234", "mã hồ sơ [mã số cá nhân]"),  # a CCCD's 12 digits, unnamed
        ("nhắn @nguyen_van-a.", "nhắn @[…]."),
        ("theo @hoa.nguyen nói", "theo @[…] nói"),
        ("vào facebook.com/nguyenvana xem", "vào [liên kết] xem"),
        ("zalo.me/0912345678", "[liên kết]"),
    ],
)
def test_identity_papers_accounts_handles_and_profile_links_are_masked(written, masked):
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        ("STK ACB 12345678", "STK ACB [mã số cá nhân]"),  # eight digits, the bank between
        ("số tài khoản MB Bank: 0071 0012 3456", "số tài khoản MB Bank: [mã số cá nhân]"),
        ("Số TK: 0071 0012 34567 - Vietcombank", "Số TK: [mã số cá nhân] - Vietcombank"),
        ("chủ tài khoản: Nguyễn Văn An", "chủ tài khoản: […]"),
        ("tên TK NGUYEN VAN AN", "tên TK […]"),
        ("CTK Trần Thị Bích.", "CTK […]."),
        ("mã định danh cá nhân 0792 0100 1234", "mã định danh cá nhân [mã số cá nhân]"),
        ("cho mượn 079 201 001 234 làm hồ sơ", "cho mượn [mã số cá nhân] làm hồ sơ"),
        ("gửi nguyenvana @ gmail.com", "gửi [email]"),
        ("gửi nguyenvana(at)gmail.com", "gửi [email]"),
        ("gửi nguyenvana [at] gmail.com", "gửi [email]"),
    ],
)
def test_accounts_and_their_holders_cards_and_spelt_out_addresses_are_masked(written, masked):
    """A bank's name between "STK" and an account of fewer than nine digits, the holder's name,
    a CCCD grouped as on the card without its name, an address spelt out: all came through."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "tài khoản 3 lần",
        "tổng 1234567890 đồng",
        "năm 2025 có 123456 người",
        "tài khoản Zalo bị khóa",
        "tổng 123 456 789 012 đồng",
    ],
)
def test_amounts_and_counts_are_not_taken_for_identity_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        ("nhà ở số 12 đường Lê Lợi bị ngập", "nhà ở số [số nhà] đường Lê Lợi bị ngập"),
        ("nhà 12/3 Nguyễn Trãi bị ngập", "nhà [số nhà] Nguyễn Trãi bị ngập"),
        ("tôi ở 45 Lê Lợi", "tôi ở [số nhà] Lê Lợi"),
        ("số 12/3A hẻm 45 Nguyễn Trãi", "số [số nhà] hẻm 45 Nguyễn Trãi"),
        ("số nhà 45, tổ 3", "số nhà [số nhà], tổ 3"),
        ("số 12 Bà Lê Chân", "số [số nhà] Bà Lê Chân"),  # the street named for her kept
        ("số 12 đường số 9", "số [số nhà] đường số 9"),
    ],
)
def test_house_numbers_are_masked_and_the_street_kept(written, masked):
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "nhà ở hẻm 12 đường Nguyễn Huệ",
        "Phường 5 Quận 3 ngập",
        "đường số 9 ngập",
        "ngày 12/3 Nguyễn Văn Bình đến",
        "hôm 12/3 Sở GTVT kiểm tra",
        "xe buýt số 19 Bến Thành",
        "có 45 Hộ Dân",
        "số 12 người",
        "Quốc lộ 1A Bình Chánh",
        "Điều 12 Luật Đất đai",
        "Nghị định số 13/2023/NĐ-CP",
        "XIN 1 ĐĂNG KÝ",  # in capitals
        "mua 1 Android TV Box",
        "I <3 Đà Nẵng",
        "năm 2022 Việt Nam",
        "nguyên 1 đường trầy dài",  # a scratch
    ],
)
def test_alleys_wards_roads_dates_and_counts_are_not_taken_for_house_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        # The street typed in lower case: the words before say it is an address
        ("nhà ở 12 lê lợi bị ngập", "nhà ở [số nhà] lê lợi bị ngập"),
        ("nha o 12 le loi bi ngap", "nha o [số nhà] le loi bi ngap"),
        ("nhà tôi ở số 45 nguyễn trãi", "nhà tôi ở số [số nhà] nguyễn trãi"),
        ("nha toi o so 45/2 nguyen trai", "nha toi o so [số nhà] nguyen trai"),
        ("địa chỉ: 12 le loi, q1", "địa chỉ: [số nhà] le loi, q1"),
        ("Đ/c: 45 nguyễn trãi", "Đ/c: [số nhà] nguyễn trãi"),
        # "tôi" folds as "tối" (evening) does, which blocks "tối 12 Nguyễn Huệ"
        ("Nhà tôi 45 Nguyễn Trãi bị ngập", "Nhà tôi [số nhà] Nguyễn Trãi bị ngập"),
        ("nhà ở 12 võ văn tần", "nhà ở [số nhà] võ văn tần"),
        ("nhà ở 12 nam kỳ khởi nghĩa", "nhà ở [số nhà] nam kỳ khởi nghĩa"),
        ("nhà ở 45 hai bà trưng", "nhà ở [số nhà] hai bà trưng"),
        ("nhà ở 12 đường số 5", "nhà ở [số nhà] đường số 5"),
    ],
)
def test_a_house_number_announced_as_an_address_is_masked_whatever_the_streets_case(
    written, masked
):
    """Before, a house number was found only before a street written in capitals, and "Nhà tôi
    45 Nguyễn Trãi" was read as "Nhà tối 45": each of these came through."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        # Typed without diacritics, "vo" is vợ (a wife) or Võ: a middle name after it says which
        ("nha o 12 vo van tan bi ngap", "nha o [số nhà] vo van tan bi ngap"),
        ("dia chi 5 tran thi ly", "dia chi [số nhà] tran thi ly"),
        # A road by its kind, or a main street named for no person
        ("nhà tôi ở 12 quốc lộ 13", "nhà tôi ở [số nhà] quốc lộ 13"),
        ("nhà ở 45 cách mạng tháng 8 bị ngập", "nhà ở [số nhà] cách mạng tháng 8 bị ngập"),
        ("nha o 45 cach mang thang 8", "nha o [số nhà] cach mang thang 8"),
        ("dia chi 123 dien bien phu, binh thanh", "dia chi [số nhà] dien bien phu, binh thanh"),
        ("nhà ở 12 bạch đằng", "nhà ở [số nhà] bạch đằng"),
    ],
)
def test_a_house_number_on_a_street_named_for_no_person_or_typed_folded_is_masked(written, masked):
    """After an address word, a number before "cách mạng tháng 8" or "quốc lộ 13" came through:
    the street's first word was no name syllable; "12 vo van tan" was read as a count."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "nhà ở 30 tháng 4 năm ngoái bị ngập",  # a date
        "nha toi o 3 thang 2 roi",  # three months
        "nha toi 2 vo chong gia",
    ],
)
def test_dates_and_counts_beside_a_streets_words_are_kept(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "nhà ở 12 tầng",
        "tôi ở 12 năm rồi",
        "nhà tôi ở 2 năm nay",
        "nhà tôi 4 người",
        "nhà tôi 2 vợ chồng",
        "ở nhà 1 mình buồn quá",
        "nhà ở 12.",
        "nha toi 2 vo chong",
        "nhà ở 2 bên đường đều ngập",
        "nhà tôi 2 mặt tiền",
        "nhà tôi ở 2 nơi",
        "nhà em 3 đời ở đây",
        "nhà tôi 3 thế hệ",
        "nhà tôi 1 trệt 2 lầu",
        "Tối 12 Nguyễn Huệ có bắn pháo hoa",
    ],
)
def test_counts_after_an_address_word_are_not_taken_for_house_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written",
    ["51F-123.45", "59-X1 234.56", "59X1-234.56", "51F12345", "51LD-12345", "29a-123.45"],
)
def test_licence_plates_are_masked(written):
    assert scrub(f"xe {written} chạy ẩu") == "xe [biển số xe] chạy ẩu"


@pytest.mark.parametrize(
    "text",
    [
        "lúc 12h 2024",
        "lớp 12A1 2024",
        "Quận 12 A 1234",
        "từ 15h30-16h00",
        "12.500 đồng",
        "dùng con TV 43J5500",  # a model, run together like a plate
    ],
)
def test_hours_classes_and_amounts_are_not_taken_for_licence_plates(text):
    assert scrub(text) == text

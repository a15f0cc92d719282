"""Every kind of block an article body can hold renders as readers and screen readers need it."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

VIDEO_URL = "https://www.youtube.com/watch?v=cityportal-demo"


def test_article_body_renders_figures_quotes_documents_and_videos(client, make_article):
    image = get_image_model().objects.create(title="Cầu Thủ Thiêm", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Kế hoạch số 1", file=ContentFile(b"%PDF-1.4 demo", name="ke-hoach.pdf")
    )
    # The embed as Wagtail caches it after a first fetch: rendering needs no network.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Video thử" src="https://www.youtube.com/embed/x"></iframe>',
    )
    article = make_article(
        "Bài có đủ loại nội dung",
        body=[
            ("paragraph", "<p>Đoạn mở đầu.</p>"),
            (
                "figure",
                {
                    "image": {
                        "image": image,
                        "alt_text": "Cầu Thủ Thiêm lúc hoàng hôn",
                        "decorative": False,
                    },
                    "caption": "Cầu Thủ Thiêm",
                    "credit": "Phóng viên B",
                },
            ),
            (
                "quote",
                {"text": "Thành phố vì nhân dân phục vụ.", "attribution": "Lãnh đạo Thành phố"},
            ),
            ("document", {"document": document, "title": "Tải kế hoạch"}),
            ("video", {"video": VIDEO_URL, "caption": "Toàn cảnh lễ khánh thành"}),
        ],
    )
    html = client.get(article.url).content.decode()
    assert "<p>Đoạn mở đầu.</p>" in html
    assert 'alt="Cầu Thủ Thiêm lúc hoàng hôn"' in html
    assert "(Ảnh: Phóng viên B)" in html
    assert (
        '<blockquote class="quote"><p>Thành phố vì nhân dân phục vụ.</p><footer>- Lãnh đạo Thành phố</footer>'
        in html
    )
    assert f'href="{document.url}">Tải kế hoạch</a> <span class="filetype">(PDF)</span>' in html
    assert 'title="Video thử"' in html and "Toàn cảnh lễ khánh thành" in html

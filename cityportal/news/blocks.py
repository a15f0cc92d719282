"""StreamField blocks for articles and standard pages."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from cityportal.opendata.blocks import IndicatorChartBlock


class FigureBlock(blocks.StructBlock):
    # ImageBlock asks for alt text (or an explicit "decorative" tick) on every image.
    image = ImageBlock(label="Ảnh")
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=500)
    credit = blocks.CharBlock(label="Nguồn ảnh / tác giả", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "Ảnh"
        template = "news/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Người nói", required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "news/blocks/quote.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Tài liệu")
    title = blocks.CharBlock(label="Tên hiển thị", required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = "Tài liệu"
        template = "news/blocks/document.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label="Địa chỉ video (YouTube, Facebook…)")
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=500)

    class Meta:
        icon = "media"
        label = "Video"
        template = "news/blocks/video.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label="Đoạn văn",
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    video = VideoBlock()
    indicator_chart = IndicatorChartBlock()

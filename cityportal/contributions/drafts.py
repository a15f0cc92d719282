"""Accepting a news item creates the draft article the newsroom then edits and publishes through
its normal workflow; the article keeps its submission, which credits the agency on the page."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cityportal.core.text import slugify_vi
from cityportal.news.importers.richtext import body_to_blocks, sapo_from_blocks
from cityportal.news.models import ArticlePage, SectionPage
from cityportal.opendata.importers.batch import DatasetMeta, import_tables
from cityportal.opendata.importers.plan import Options, plan_file

from .models import Comment, Submission
from .photos import files_removed_on_rollback, library_images

DEFAULT_SECTION = "kinh-te-xa-hoi"


def accept(submission: Submission, editor, note: str = "") -> ArticlePage | None:
    """Move to accepted; a news item or event notice becomes a draft article in its section,
    submitted to the section's editorial workflow. Figure updates go to the data editors.
    All or nothing, photos' files included."""
    with files_removed_on_rollback() as written:
        submission.move(Submission.Status.ACCEPTED, editor, note)
        if submission.kind == Submission.Kind.FIGURES:
            _check_tables(submission, editor)
            return None
        return _draft(submission, editor, written)


def make_draft(submission: Submission, editor) -> ArticlePage:
    """The draft article of an accepted submission, with the agency's text and photos: the first
    photo as its cover, the others after the text. Made once: while the draft exists it is
    returned as the newsroom left it; made again (the draft deleted), it reuses the photos'
    library images."""
    with files_removed_on_rollback() as written:
        return _draft(submission, editor, written)


def _draft(submission: Submission, editor, written: list) -> ArticlePage:
    if submission.article is not None:
        return submission.article
    section = submission.section or SectionPage.objects.get(slug=DEFAULT_SECTION)
    blocks, _ = body_to_blocks(submission.body)
    photos = library_images(submission, editor, written)
    lead, *others = photos.images or [None]
    credit = submission.organisation.name
    article = ArticlePage(
        title=submission.title,
        draft_title=submission.title,
        slug=_free_slug(section, submission.title),
        # The article needs a sapo the form leaves optional: the first paragraph, as imports do.
        sapo=submission.lead.strip() or sapo_from_blocks(blocks) or submission.title,
        body=[("paragraph", block) for block in blocks]
        + [
            ("figure", _figure(image, caption, credit))
            for image, caption in zip(others, photos.captions[1:], strict=True)
        ],
        cover_image=lead,
        cover_alt=lead.description if lead else "",
        cover_credit=credit if lead else "",
        byline=credit,
        source_name=credit,
        # The requested time is a scheduled publish the editor may change; the article is dated
        # when it really goes live.
        go_live_at=submission.publish_at if _in_future(submission.publish_at) else None,
        dated_on_publish=True,
        live=False,
        owner=editor,
    )
    article.places.set(submission.places.all())  # kept by modelcluster until the page is saved
    section.add_child(instance=article)
    article.save_revision(user=editor, log_action=True)
    workflow = article.get_workflow()
    if workflow is not None:  # without one, the draft simply waits for an editor to publish
        workflow.start(article, editor)
    submission.article = article
    submission.save(update_fields=["article"])
    if photos.skipped:
        # On the thread, so the agency can send those photos again.
        Comment.objects.create(
            submission=submission,
            author=editor,
            body="Ảnh chưa đưa được vào bản nháp bài viết:\n" + "\n".join(photos.skipped),
        )
    return article


def _figure(image, caption: str, credit: str) -> dict:
    alt = {"image": image, "alt_text": image.description, "decorative": False}
    return {"image": alt, "caption": caption, "credit": credit}


def _in_future(moment) -> bool:
    return moment is not None and moment > timezone.now()


def _check_tables(submission: Submission, editor) -> None:
    """The hand-off to the data system. Each attached table is validated by the open-data
    importer and its report posted on the thread; when the agency named the dataset to update,
    a clean table is imported into it at once (a new version of the table of the same name),
    and a table with errors refuses the acceptance, so the editor asks the agency to fix it."""
    for attachment in submission.attachments.filter(kind__in=["csv", "xlsx"]):
        with attachment.file.open("rb") as stored:
            data = stored.read()
        name = attachment.original_name
        dataset = submission.dataset
        if dataset is None:
            plan = plan_file(name, data, Options())
            verdict = "hợp lệ, sẵn sàng nhập" if plan.ok else "còn lỗi, cần cơ quan sửa"
            body = f"{plan.summary()}\n\nNhập tại {reverse('opendata_import')}"
        else:
            outcome = import_tables(
                [(name, data)],
                DatasetMeta(organisation=dataset.organisation, name=dataset.name),
                Options(),
                resource_name=name.rsplit(".", 1)[0],
                user=editor,
            )
            plan = outcome.plans[0]
            if outcome.rejected:
                raise ValidationError(f"Bảng số liệu “{name}” còn lỗi:\n{plan.summary()}")
            verdict = f"đã nhập {len(plan.drafts)} số liệu vào “{dataset.title}”"
            body = plan.summary()
        Comment.objects.create(
            submission=submission,
            author=editor,
            body=f"Kiểm tra bảng số liệu ({verdict}):\n{body}",
        )


def _free_slug(section: SectionPage, title: str) -> str:
    base = slugify_vi(title, 80) or "bai-cong-tac"
    taken = set(section.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug

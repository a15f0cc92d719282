"""The newsroom's fixed structure: home page, sections, editorial groups and the two-step workflow.

Everything here is idempotent: `manage.py setup_newsroom` (and the demo loader) can run it any
number of times. Sections are created once and then belong to the editors, who may rename them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import HomePage, SectionPage, SeriesIndexPage

REPORTER, EDITOR, EDITOR_IN_CHIEF = "Phóng viên", "Biên tập viên", "Tổng biên tập"
CONTRIBUTOR = "Cộng tác viên cơ quan"
WORKFLOW_NAME = "Quy trình biên tập"

# The programme's content groups (nhóm nội dung), from the 2021 communication programme.
SECTIONS = [
    ("kinh-te-xa-hoi", "Kinh tế - Xã hội", "Tình hình phát triển kinh tế - xã hội của Thành phố."),
    ("an-ninh-trat-tu", "An ninh - Trật tự", "An ninh chính trị, trật tự an toàn xã hội."),
    ("van-hoa", "Văn hóa", "Hoạt động văn hóa, thể thao, du lịch."),
    ("doi-ngoai", "Đối ngoại", "Hoạt động đối ngoại, hợp tác quốc tế."),
    ("chinh-sach-vao-cuoc-song", "Chính sách vào cuộc sống", "Chính sách đến với người dân."),
    ("du-an-phat-trien", "Dự án phát triển", "Các chương trình, dự án phát triển Thành phố."),
    ("mo-hinh-tieu-bieu", "Mô hình tiêu biểu", "Giải pháp sáng tạo, mô hình tiêu biểu."),
]

PAGE_PERMISSIONS = {
    REPORTER: ["add_page"],
    EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    EDITOR_IN_CHIEF: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    REPORTER: ["add_image", "choose_image", "add_document", "choose_document"],
    EDITOR: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    EDITOR_IN_CHIEF: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}


def _ensure_wagtail_roots() -> Page:
    """Wagtail's migrations make a locale, a root page and a root collection; a flushed database
    (`manage.py flush`, transactional tests) has none, so make them again."""
    locale = Locale.get_default() if Locale.objects.exists() else None
    if locale is None:
        locale = Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


@transaction.atomic
def ensure_home() -> HomePage:
    """Put a HomePage at the top of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = _ensure_wagtail_roots()
        for welcome in root.get_children().filter(content_type__model="page", numchild=0):
            welcome.delete()
        home = root.add_child(
            instance=HomePage(
                title="Chuyên trang Thành phố Hồ Chí Minh",
                slug="trang-chu",
                intro="Thông tin chính thức về Thành phố Hồ Chí Minh trên Cổng Thông tin điện tử Chính phủ.",
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # Canonical URLs, feeds and sitemaps name this address; editors can change it under
        # Settings → Sites.
        public = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        Site.objects.create(
            hostname=public.hostname or "localhost",
            port=public.port or (443 if public.scheme == "https" else 80),
            root_page=home,
            is_default_site=True,
            site_name="Chuyên trang TP Hồ Chí Minh",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def ensure_sections(home: HomePage) -> dict[str, SectionPage]:
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    for slug, title, intro in SECTIONS:
        if slug not in sections:
            section = home.add_child(
                instance=SectionPage(
                    title=title, slug=slug, intro=f"<p>{intro}</p>", show_in_menus=True
                )
            )
            section.save_revision().publish()
            sections[slug] = section
    if not SeriesIndexPage.objects.exists():
        index = home.add_child(
            instance=SeriesIndexPage(
                title="Chuyên đề",
                slug="chuyen-de",
                intro="Các chuyên đề thông tin về Thành phố Hồ Chí Minh.",
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
    return sections


@transaction.atomic
def ensure_editorial_groups(home: HomePage) -> dict[str, Group]:
    groups = {}
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    root_collection = Collection.get_first_root_node()
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        for codename in COLLECTION_PERMISSIONS[name]:
            app = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            permission = Permission.objects.get(content_type__app_label=app, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        if name != REPORTER:
            # Editors keep the search synonym and abbreviation table, review agencies'
            # contributions, ask agencies for content, moderate readers' comments (they
            # answer them; comments themselves come only from readers) and run the desk of
            # ideas and questions: route each to its agency, answer, publish (citizens send them).
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="search", codename__endswith="_synonymgroup"
                ),
                *Permission.objects.filter(
                    content_type__app_label="contributions",
                    codename__in=[
                        "review_submission",
                        "add_contentrequest",
                        "change_contentrequest",
                        "view_contentrequest",
                    ],
                ),
                *Permission.objects.filter(
                    content_type__app_label="feedback",
                    codename__in=[
                        "change_comment",
                        "delete_comment",
                        "view_comment",
                        "add_blockedword",
                        "change_blockedword",
                        "delete_blockedword",
                        "view_blockedword",
                        "change_enquiry",
                        "view_enquiry",
                    ],
                ),
            )
            # Events: the registrations, reporters' accreditation and the coverage board.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="events",
                    content_type__model__in=["registration", "accreditation", "coverageassignment"],
                )
            )
        if name == EDITOR_IN_CHIEF:
            # The quarterly programme report (plans, stored reports) and the opinion briefs.
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="reports"),
                *Permission.objects.filter(
                    content_type__app_label="monitor", codename__in=["view_item", "view_alert"]
                ),
            )
        groups[name] = group
    # Agencies' press officers: the admin, where they see only their organisations' work.
    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTOR)
    contributors.permissions.add(admin_access)
    groups[CONTRIBUTOR] = contributors
    return groups


@transaction.atomic
def ensure_workflow(home: HomePage, groups: dict[str, Group]) -> Workflow:
    """Two steps: an editor reviews (biên tập), then the editor-in-chief approves and publishes."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    steps = [
        ("Biên tập viên duyệt", groups[EDITOR]),
        ("Tổng biên tập phê duyệt", groups[EDITOR_IN_CHIEF]),
    ]
    for order, (name, group) in enumerate(steps):
        task = GroupApprovalTask.objects.filter(name=name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=name)
            task.groups.set([group])
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def setup_newsroom() -> HomePage:
    home = ensure_home()
    ensure_sections(home)
    groups = ensure_editorial_groups(home)
    ensure_workflow(home, groups)
    return home

from django.db import migrations

# The catalogue's subjects, after the programme's four areas of city data, each mapped to the
# EU data-theme vocabulary (publications.europa.eu/resource/authority/data-theme).
THEMES = [
    ("kinh-te", "Kinh tế", "ECON"),
    ("dan-so-lao-dong", "Dân số và lao động", "SOCI"),
    ("tai-chinh-ngan-sach", "Tài chính, ngân sách", "GOVE"),
    ("dau-tu-xay-dung", "Đầu tư, xây dựng", "REGI"),
    ("thuong-mai-du-lich", "Thương mại, giá cả, du lịch", "ECON"),
    ("an-ninh-trat-tu", "An ninh, trật tự, an toàn giao thông", "JUST"),
    ("van-hoa-xa-hoi", "Văn hóa, giáo dục, y tế", "EDUC"),
    ("doi-ngoai", "Đối ngoại, hợp tác quốc tế", "INTR"),
    ("giao-thong-vien-thong", "Giao thông, bưu chính, viễn thông", "TRAN"),
    ("nong-nghiep-moi-truong", "Nông nghiệp, đất đai, môi trường", "AGRI"),
    ("cong-nghiep", "Công nghiệp", "ECON"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("opendata", "Theme")
    for slug, name, code in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "eu_code": code})


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

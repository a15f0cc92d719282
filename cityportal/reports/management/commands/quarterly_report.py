"""manage.py quarterly_report --quarter 2021Q3 --format pdf|xlsx|docx --output PATH"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...generate import RENDERERS, render
from ...outputs import no_activity_note
from ...quarters import Quarter
from ...snapshot import NothingToReport, build, check


class Command(BaseCommand):
    help = "Lập báo cáo kết quả thực hiện chương trình của một quý (PDF, XLSX hoặc DOCX)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="Ví dụ: 2021Q3")
        parser.add_argument("--format", required=True, choices=sorted(RENDERERS), dest="fmt")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp kết quả")

    def handle(self, *args, quarter, fmt, output, **options):
        try:
            period = Quarter.parse(quarter)
        except ValueError as error:
            raise CommandError(str(error)) from None
        path = Path(output)
        if path.suffix and path.suffix.lower() != f".{fmt}":
            raise CommandError(
                f"Tệp {path.name} có đuôi {path.suffix} nhưng --format là {fmt}: đặt "
                f"--output {path.with_suffix('.' + fmt).name} hoặc --format "
                f"{path.suffix[1:].lower()}."
            )
        try:
            note = check(period)
        except NothingToReport as error:
            raise CommandError(str(error)) from None
        if note:
            self.stdout.write(self.style.WARNING(note))
        started = time.perf_counter()
        self.stdout.write(f"Tính các chỉ tiêu {period.label}…")
        data = build(period)
        computed = time.perf_counter()
        if empty := no_activity_note(data):
            self.stdout.write(self.style.WARNING(empty))
        self.stdout.write(f"Xuất {fmt.upper()}…")
        content = render(data, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {path} ({len(content):,} byte; chỉ tiêu {computed - started:.1f} s, "
                f"xuất tệp {time.perf_counter() - computed:.1f} s)"
            )
        )

"""Readers' personal data requests (Decree 13/2023/NĐ-CP) from the command line.

manage.py personal_data export EMAIL [--output FILE]   # JSON, to stdout or FILE
manage.py personal_data erase EMAIL --yes              # delete or anonymise their comments
manage.py personal_data maintain                       # hash old IPs, apply retention
"""

import json

from django.core.management.base import BaseCommand, CommandError

from cityportal.feedback import privacy


class Command(BaseCommand):
    help = (
        "Export or erase one reader's comments, or run the retention rules. / "
        "Xuất hoặc xóa dữ liệu bình luận của một người, hoặc áp dụng thời hạn lưu trữ."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="JSON of everything stored / Xuất dữ liệu")
        export.add_argument("email")
        export.add_argument("--output", "-o", help="Write to this file instead of stdout")
        erase = actions.add_parser("erase", help="Erase one person's data / Xóa dữ liệu")
        erase.add_argument("email")
        erase.add_argument("--yes", action="store_true", help="Confirm / Xác nhận xóa")
        actions.add_parser("maintain", help="Hash old IPs, purge expired / Bảo trì định kỳ")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_export(self, email, output=None, **options):
        data = privacy.export_person(email)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            self.stderr.write(
                self.style.SUCCESS(
                    f"Exported {data['count']} comment(s) to {output}. / "
                    f"Đã xuất {data['count']} bình luận vào {output}."
                )
            )
        else:
            self.stdout.write(text)

    def handle_erase(self, email, yes=False, **options):
        to_delete, to_anonymise = privacy.erasure_plan(email)
        if not to_delete and not to_anonymise:
            self.stdout.write(
                f"No comments for {email.strip()}. / Không có bình luận nào của {email.strip()}."
            )
            return
        if not yes:
            raise CommandError(
                f"{len(to_delete)} comment(s) would be deleted and {len(to_anonymise)} "
                "anonymised; add --yes to confirm. / "
                f"Sẽ xóa {len(to_delete)} và ẩn danh {len(to_anonymise)} bình luận; "
                "thêm --yes để xác nhận."
            )
        count = privacy.erase_person(email, by="manage.py personal_data")
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased {count} comment(s) ({len(to_delete)} deleted, {len(to_anonymise)} "
                f"anonymised). / Đã xóa dữ liệu của {count} bình luận ({len(to_delete)} xóa, "
                f"{len(to_anonymise)} ẩn danh)."
            )
        )

    def handle_maintain(self, **options):
        result = privacy.maintain()
        self.stdout.write(
            self.style.SUCCESS(
                f"IP addresses hashed: {result['ips_hashed']}; comments anonymised: "
                f"{result['anonymised']}, deleted: {result['deleted']}. / "
                f"Đã băm IP của {result['ips_hashed']} bình luận; ẩn danh "
                f"{result['anonymised']}, xóa {result['deleted']} bình luận quá hạn."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Enquiries: IP addresses cleared {result['enquiry_ips_cleared']}, "
                f"anonymised {result['enquiries_anonymised']}, files deleted "
                f"{result['enquiry_files_deleted']}. / Góp ý, câu hỏi: xóa IP của "
                f"{result['enquiry_ips_cleared']}, ẩn danh {result['enquiries_anonymised']}, "
                f"xóa {result['enquiry_files_deleted']} tệp đính kèm quá hạn."
            )
        )

"""Which datasets a user may manage: those of the organisations they act for. The tie is the
contributions' Membership, the same one by which a department's or a ward's staff send
contributions for their organisation; a superuser (and a reviewer of every agency's
contributions, who already imports agencies' tables into any dataset) acts for all."""

from wagtail.permission_policies import ModelPermissionPolicy

from cityportal.contributions.models import organisations_of
from cityportal.core.models import Organisation

from .models import Dataset

NO_ORGANISATION = (
    "Tài khoản của bạn chưa được gắn với cơ quan nào, nên chưa thể tạo, sửa hay nhập số liệu "
    "vào bộ dữ liệu nào. Hãy đề nghị quản trị viên cổng gắn tài khoản của bạn với cơ quan mà "
    "bạn công bố số liệu (Cài đặt › Thành viên cơ quan)."
)


class DatasetPermissionPolicy(ModelPermissionPolicy):
    """The model permissions (the data editors' group) say what a user may do to datasets; the
    organisations the user acts for say to which ones. Wagtail's generic views check only the
    former, so the dataset views ask `instances_user_has_any_permission_for` for their rows."""

    def organisations(self, user):
        """The organisations whose datasets `user` may manage: none without a dataset permission
        (and so none for an anonymous visitor)."""
        if not self.user_has_any_permission(user, ["add", "change", "delete", "view"]):
            return Organisation.objects.none()
        return organisations_of(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.organisations(user).filter(pk=instance.organisation_id).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(organisation__in=self.organisations(user))


# Registered in OpendataConfig.ready(), before anything asks Wagtail's registry for Dataset's.
dataset_policy = DatasetPermissionPolicy(Dataset)

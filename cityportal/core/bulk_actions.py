"""A confirmed bulk action for snippet listings in the admin: "Approve 12 comments?", "Check in
8 people?". Apps give the noun, the verb and what executing does."""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction


class ConfirmedBulkAction(SnippetBulkAction):
    """GET asks to confirm the listed items, POST acts; both need `permission` ("change")."""

    template_name = "core/admin/bulk_confirm.html"
    permission = "change"
    noun = ""  # "bình luận", "người"
    verb = ""  # for the success message; the button's name in lower case by default
    button_class = ""
    no_access_message = "Bạn không có quyền thay đổi các mục này:"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission, obj
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_title=f"{self.display_name} {self.noun}",
            question=f"{self.display_name} {len(context['items'])} {self.noun} sau?",
            action_button_text=self.display_name,
            no_action_button_text="Hủy",
            button_class=self.button_class,
            no_access_message=self.no_access_message,
        )
        return context

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        verb = self.verb or self.display_name.lower()
        return f"Đã {verb} {num_parent_objects} {self.noun}."

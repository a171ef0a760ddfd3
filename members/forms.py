from django import forms
from django.utils.translation import gettext_lazy as _


class LinkUserForm(forms.Form):
    """The account an admin links to a member record (a user name, checked by the service)."""

    username = forms.CharField(label=_("账号"), max_length=150)

"""A browser tab on an edit page, for the stories of two tabs open on the same record: the form
as the page was loaded (its fields' values and the hidden version it carries), posted back with
what the user typed, and kept up to date the way the browser would be."""

from __future__ import annotations

import re

from django import forms

#: The hidden field of templates/components/version_field.html, in a page or out of band in
#: an autosave's answer.
VERSION_INPUT = re.compile(r'<input type="hidden" name="version" value="(\d+)" id="record-version"')


def version_in(html: str) -> str | None:
    found = VERSION_INPUT.search(html)
    return found.group(1) if found else None


def form_as_posted(form: forms.Form) -> dict:
    """What the browser posts for ``form`` as shown (initial values, or those typed back)."""
    data = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.FileInput):
            continue
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        shown = widget.format_value(value)
        data[bound.html_name] = "" if shown is None else shown
    return data


class Tab:
    """One tab on the edit page at ``url``, opened now."""

    def __init__(self, client, url: str):
        self.client, self.url = client, url
        self.show(client.get(url))

    def show(self, page) -> None:
        """The tab now shows ``page``: its form, with what it holds, is what a next post sends."""
        assert page.status_code in (200, 400, 409), page.status_code
        self.page = page
        self.data = form_as_posted(page.context["form"])
        version = version_in(page.content.decode())
        assert version is not None, "the form carries no version"
        self.data["version"] = version

    def post(self, **typed):
        """Type ``typed`` into the form and press its button (``action``); the tab follows the
        redirect, as the browser does, and shows the page it lands on."""
        self.data.update({name: str(value) for name, value in typed.items()})
        response = self.client.post(self.url, self.data, follow=True)
        if response.context is not None and "form" in response.context:
            self.show(response)
        return response

    def autosave(self, url: str, **typed):
        """Type ``typed``; htmx posts the form to ``url`` and puts the version handed back out
        of band into the form."""
        self.data.update({name: str(value) for name, value in typed.items()})
        response = self.client.post(url, self.data)
        version = version_in(response.content.decode())
        if version is not None:
            self.data["version"] = version
        return response

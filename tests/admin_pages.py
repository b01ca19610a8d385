"""Admin pages as a browser meets them: the fields a change form would submit."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields a browser would submit from a page's main form (inputs, selects,
    textareas), as a list of (name, value)."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option":
            if self._select and "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
            return
        name = a.get("name")
        if not name or "__prefix__" in name:  # __prefix__: the empty form an inline copies
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            box = a.get("type") in ("checkbox", "radio")
            if not box or "checked" in a:
                self.fields.append((name, a.get("value", "on" if box else "")))
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            self.fields[-1] = (self._textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            name, text = self.fields[-1]
            self.fields[-1] = (name, text.removeprefix("\n"))  # as a browser reads it
            self._textarea = None


def form_data(response):
    """The fields a browser would submit from the page's form, {name: [values]}, without the
    CSRF token (the test client does not check it)."""
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    return data

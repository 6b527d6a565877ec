"""Read an HTML form the way a browser submits it: every successful control with its current value,
plus the choices of selects and radio groups so a test can pick among them."""

from html.parser import HTMLParser


class Form:
    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.fields: list[list[str]] = []  # [name, value] in document order, as a browser sends
        self.choices: dict[str, list[str]] = {}

    def get(self, name: str, default=None):
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def set(self, name: str, value: str) -> None:
        """Replace the value of a single-valued control (or add it)."""
        for pair in self.fields:
            if pair[0] == name:
                pair[1] = value
                return
        self.fields.append([name, value])

    def set_many(self, name: str, values: list[str]) -> None:
        self.fields = [pair for pair in self.fields if pair[0] != name]
        self.fields.extend([name, v] for v in values)

    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _ in self.fields))

    def data(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in self.fields]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.select: dict | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a)
            self.forms.append(self.form)
        if self.form is None or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("radio", "checkbox"):
                self.form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
                if "checked" in a:
                    self.form.fields.append([a["name"], a.get("value", "on")])
                return
            self.form.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea" and a.get("name"):
            self.textarea = (a["name"], [])
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "multiple": "multiple" in a, "selected": [], "first": None}
            self.form.choices[a["name"]] = []
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": [], "selected": "selected" in a}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.option is not None:
            self.option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea[1])
            # Browsers drop the newline right after <textarea>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.form.fields.append([self.textarea[0], text])
            self.textarea = None
        elif tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._close_option()
            values = self.select["selected"] or (
                [self.select["first"]]
                if not self.select["multiple"] and self.select["first"] is not None
                else []
            )
            for value in values:
                self.form.fields.append([self.select["name"], value])
            self.select = None
        elif tag == "form":
            self.form = None

    def _close_option(self):
        value = self.option["value"]
        if value is None:
            value = "".join(self.option["text"]).strip()
        self.form.choices[self.select["name"]].append(value)
        if self.select["first"] is None:
            self.select["first"] = value
        if self.option["selected"]:
            self.select["selected"].append(value)
        self.option = None


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field: str) -> Form:
    """The first form that has a control named `field`."""
    for form in forms_in(html):
        if form.get(field) is not None or field in form.choices:
            return form
    raise LookupError(f"no form with a field {field!r}")

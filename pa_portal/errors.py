"""The one error type of the domain: a rule was broken, and each problem says where and why.

Services raise `DomainError`; views, the admin, commands and the importer catch it and show each
problem next to its field (`path`), on the page's section (`anchor`), or as a message."""

from dataclasses import dataclass

from django.contrib import messages


@dataclass(frozen=True)
class Problem:
    path: str  # the field it is about: a form field name or a JSON path ("part1[3].tasks"); "" = whole
    anchor: str  # id of the page section it links to, e.g. "item-1.4" or "challenge-2"; "" = none
    message: str  # Thai, for the user


class DomainError(Exception):
    """A rule was broken; `problems` lists each one (path, anchor, Thai message)."""

    def __init__(self, problems: "list[Problem | str] | str", *, path: str = ""):
        """Problems, or Thai messages that are about the whole object (or about `path`)."""
        if isinstance(problems, str):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(path, "", p) for p in problems]
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.problems]


class StaleRevision(DomainError):
    """The object was saved elsewhere after the user opened it (HTTP 409, nothing written)."""


class NoLongerEditable(DomainError):
    """The object's own user may no longer change it: another tab (or a parallel click) moved it
    on, e.g. submitted the agreement. Not a permission problem: the answer says what happened
    (HTTP 423 for a JSON request, a redirect with the message for a page)."""


def add_to_form(form, error: DomainError) -> None:
    """Show each problem on its field when the form has one by that name, else above the form:
    the one way a view turns a refusal into a re-rendered form with the user's input intact."""
    for problem in error.problems:
        field = problem.path if problem.path in form.fields else None
        form.add_error(field, problem.message)


def add_to_messages(request, error: DomainError) -> None:
    """Each problem as an error message on the next page (for actions that redirect)."""
    for problem in error.problems:
        messages.error(request, problem.message)

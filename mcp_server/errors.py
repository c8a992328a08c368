"""Every error the tutor raises on purpose, in one place.

    TutorError                      base: the message says what went wrong and what to do next
    ├── KnowledgeError              curated data (or the learner's concepts.yaml) is invalid
    ├── JournalError                the learner's journal cannot be read or written safely
    │   └── ProfileError            learner.yaml does not parse or validate (file, line, field)
    ├── NotFound                    an unknown concept, resource or lesson (with suggestions)
    ├── InvalidRequest              arguments out of range or inconsistent
    ├── PublishRefused              a post breaks a rule; the message lists each fix
    ├── EditedByLearner             a file the learner changed would be overwritten
    ├── SandboxError                the exercise could not be run (e.g. interpreter lacks torch)
    └── UnsafeURL                   a URL that must not be opened or fetched

The MCP layer turns these into tool errors with the same message; the CLI prints them and
exits with status 2. Anything else is a bug.
"""


class TutorError(Exception):
    """Base class: `str(error)` is a complete instruction for the caller."""


class KnowledgeError(TutorError):
    pass


class JournalError(TutorError):
    pass


class ProfileError(JournalError):
    pass


class NotFound(TutorError):
    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class InvalidRequest(TutorError):
    pass


class PublishRefused(TutorError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"publish_post refused; fix these and call it again:\n{lines}")


class EditedByLearner(TutorError):
    pass


class SandboxError(TutorError):
    pass


class UnsafeURL(TutorError):
    pass

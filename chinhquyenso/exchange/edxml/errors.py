"""The one error type of the edXML layer; `code` says which check refused the input."""


class EdxmlError(ValueError):
    """Refused input or output; `code` is stable (malformed, dtd, too_large, invalid, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

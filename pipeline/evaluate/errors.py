"""The one error of `pipeline evaluate`."""


class EvaluateError(Exception):
    """A gold file or an output folder that cannot be scored; the message says what to fix."""

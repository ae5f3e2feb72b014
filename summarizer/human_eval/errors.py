"""Errors of a human-evaluation study, each with a message a rater or researcher can act on: the rating app
answers them with their status and the message, the command line prints the message and exits with status 1."""

from summarizer.errors import SummarizerError


class HumanEvalError(SummarizerError):
    """A problem with a study, a rating or the store, explained in the message."""

    status = 400


class StoreUnavailable(HumanEvalError):
    """The database cannot be reached, or is locked by another writer; nothing was written."""

    status = 503


class StudyNotFound(HumanEvalError):
    status = 404


class StudyExists(HumanEvalError):
    status = 409


class ExampleNotInStudy(HumanEvalError):
    status = 404


class AnnotatorNotJoined(HumanEvalError):
    status = 404


class RatingConflict(HumanEvalError):
    """The annotator already rated this example differently: the first rating stands."""

    status = 409


class InvalidRating(HumanEvalError):
    """An empty annotator name, an unknown preference or flag."""

    status = 422

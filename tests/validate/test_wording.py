"""Messages read as written English: 'an s3.bucket', 'a lambda.function', '1 flow'."""

from __future__ import annotations

import pytest

from archgen.errors import a_or_an, counted
from archgen.kinds import registry


@pytest.mark.parametrize(("word", "said"), [
    ("s3.bucket", "an s3.bucket"), ("sqs.queue", "an sqs.queue"), ("ses.email_identity", "an ses.email_identity"),
    ("apigateway.rest_api", "an apigateway.rest_api"), ("'origin'", "an 'origin'"), ("'invoke'", "an 'invoke'"),
    ("lambda.function", "a lambda.function"), ("secretsmanager.secret", "a secretsmanager.secret"),
    ("scheduler.schedule", "a scheduler.schedule"), ("'read-write'", "a 'read-write'")])
def test_the_article_is_the_one_said_aloud(word: str, said: str) -> None:
    assert a_or_an(word) == said


def test_every_kind_gets_an_article() -> None:
    assert all(a_or_an(kind.name).split()[0] in ("a", "an") for kind in registry())


def test_one_is_singular() -> None:
    assert (counted(1, "flow"), counted(2, "flow"), counted(0, "worklog week")) == ("1 flow", "2 flows", "0 worklog weeks")

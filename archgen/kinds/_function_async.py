"""A function's asynchronous invocations (a topic, a rule, a bucket, another function's async call): what
happens to an event the function keeps failing on.

An `on-failure` relation from the function names where such events go: a queue, a topic, another
function or an event bus. It becomes the function's `AWS::Lambda::EventInvokeConfig` (its on-failure
destination, after Lambda's two retries, for events at most six hours old), and the function's role may
deliver there: SAM's profile for the pair, narrowed by the target to that one call. A destination rather
than the older `DeadLetterConfig`: it takes all four kinds of target, and it carries the error with the
event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.kinds._base import Fragment
from archgen.kinds._cfn import getatt

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# Lambda's own defaults, written out so that the template says what happens.
RETRIES = 2
MAX_EVENT_AGE_S = 21_600
FAILURE_TEXT = "its asynchronous events that still fail after 2 retries (or 6 hours) go there " \
               "(an EventInvokeConfig on-failure destination)"


def on_failure(link: Link, t: Scope) -> Fragment:
    first = next(r for r in t.graph.outgoing(link.source.id) if t.graph.link(r).meaning.name == "on-failure")
    if first is not link.relation:  # a second destination is an error (rule E150); rules render the first only
        return {}
    function = t.lid(link.source.id, "Function")
    return {"Resources": {t.lid(link.source.id, "AsyncConfig"): {
        "Type": "AWS::Lambda::EventInvokeConfig", "Metadata": t.meta(),
        # by ARN, as the Lambda permissions of its asynchronous callers name it (so linters pair them)
        "Properties": {"FunctionName": getatt(function, "Arn"), "Qualifier": "$LATEST", "MaximumRetryAttempts": RETRIES,
                       "MaximumEventAgeInSeconds": MAX_EVENT_AGE_S,
                       "DestinationConfig": {"OnFailure": {"Destination": t.identity(link.target.id, "Arn")}}}}}}

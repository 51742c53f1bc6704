"""Relation meanings: what an arrow between two components says, whatever their kinds.

A relation has one meaning from this vocabulary. Kinds declare which meanings they offer as a
relation's source and accept as its target (`Side` in archgen/kinds/_base.py); a pair of
components may relate with the meanings both sides declare. What a relation becomes is then
assembled from the two declarations: the IAM grant from SAM's connector profiles
(archgen/grants.py), the wiring from the kinds that own it, the docs line from both sides'
texts, the diagram style from the meaning's family.

Nothing here names a kind: adding a service never adds a meaning unless it adds a new verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The diagram draws each family in its own style; the legend lists the families in use.
Family = Literal["request", "data", "event", "security", "observe", "delivery"]
FAMILY_TITLES: dict[str, str] = {
    "request": "request path",
    "data": "data access",
    "event": "events and messages",
    "security": "security and identity",
    "observe": "logs, traces and alarms",
    "delivery": "build and deploy",
}
# SAM's access categories (profiles.json `AccessCategories`).
Category = Literal["Read", "Write"]


@dataclass(frozen=True)
class Meaning:
    name: str
    phrase: str  # "A <phrase> B", for docs and tooltips
    family: Family
    # The SAM access categories a relation of this meaning is granted; None: every category the
    # pair's profile has (a queue triggering a function needs both Read and Write of the queue).
    categories: tuple[Category, ...] | None = None
    # Chosen only when the relation names it (`meaning: on-failure`): never what a pair means by default.
    explicit: bool = False


_ALL = (
    Meaning("request", "sends requests to", "request"),
    Meaning("resolve", "resolves the domain with", "request"),
    Meaning("alias", "points the domain at", "request"),
    Meaning("origin", "serves from", "request"),
    Meaning("invoke", "invokes", "request", ("Write",)),
    Meaning("read", "reads", "data", ("Read",)),
    Meaning("write", "writes", "data", ("Write",)),
    Meaning("read-write", "reads and writes", "data", ("Read", "Write")),
    Meaning("upload", "uploads to, through a presigned URL,", "data"),
    Meaning("publish", "publishes to", "event", ("Write",)),
    Meaning("send", "sends messages to", "event", ("Write",)),
    Meaning("start", "starts executions of", "event", ("Write",)),
    Meaning("put-events", "puts events on", "event", ("Write",)),
    Meaning("post", "posts messages to the connections of", "event", ("Write",)),
    Meaning("trigger", "triggers", "event"),
    Meaning("subscribe", "delivers to", "event", ("Write",)),
    Meaning("deliver", "delivers records to", "data"),
    Meaning("on-failure", "sends what it fails to deliver or process to", "event", ("Write",), explicit=True),
    Meaning("match", "has its events matched by", "event"),
    Meaning("sign-in", "signs in through", "security"),
    Meaning("credentials", "gets temporary AWS credentials from", "security"),
    Meaning("authenticate", "authenticates with", "security"),
    Meaning("authorize", "checks callers with", "security"),
    Meaning("protect", "protects", "security"),
    Meaning("certificate", "serves TLS with", "security"),
    Meaning("logs", "writes logs to", "observe"),
    Meaning("trace", "sends traces to", "observe"),
    Meaning("watch", "watches", "observe"),
    Meaning("notify", "notifies", "observe"),
    Meaning("push", "pushes to", "delivery"),
    Meaning("source", "is the source of", "delivery"),
    Meaning("build", "builds with", "delivery"),
    Meaning("deploy", "deploys", "delivery"),
)
MEANINGS: dict[str, Meaning] = {meaning.name: meaning for meaning in _ALL}
# The data meanings a relation's `access` field names (kept from the first model format).
ACCESS_MEANINGS = ("read", "write", "read-write")


def meaning(name: str) -> Meaning:
    return MEANINGS[name]

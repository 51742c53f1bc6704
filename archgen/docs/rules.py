"""The architecture rules reference, generated from the rules registry (never typed by hand)."""

from __future__ import annotations

from archgen import escape
from archgen.docs import site
from archgen.docs.markdown import code, heading, join_lines, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.rules import rules

PATH = site.RULES


def rules_page(graph: SystemGraph) -> Page:
    waivers = {(e.component, e.control): e.reason for e in graph.model.exceptions if e.component is not None}
    rows = [[code(rule.id), rule.severity, escape.markdown(rule.shortdesc), escape.markdown(rule.description),
             "yes" if rule.may_be_waived else "no"] for rule in rules()]
    waived = [[code(rule_id), code(component), escape.markdown(reason)]
              for (component, rule_id), reason in sorted(waivers.items())
              if any(rule.id == rule_id for rule in rules())]
    blocks = [heading(1, "Architecture rules"),
              ["Every model is checked against these rules as part of validation. An error stops generation "
               "(with `file:line:col`, like every model error); a warning is printed. A rule is waived for one "
               "component only by an `exceptions` entry naming the rule id as its `control`, with a reason, and only "
               "where the table says it may be: an error that stops what CloudFormation or AWS would refuse cannot "
               "be waived.", ""],
              table(["Id", "Severity", "Rule", "What it checks", "May be waived"], rows),
              heading(2, "Waived in this model"),
              table(["Rule", "Component", "Reason"], waived) if waived else ["No rule is waived.", ""]]
    return Page(PATH, "Rules", join_lines(blocks))

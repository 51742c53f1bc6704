"""CloudFormation from the model: per-kind Jinja2 fragments, merged per stack, serialised last."""

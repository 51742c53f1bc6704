"""archgen: one YAML system model in; diagrams, a docs site and CloudFormation out.

The pipeline reads off the package: load -> validate -> graph -> render -> write.
"""

"""Deploying the generated CloudFormation: to AWS, or to a local stand-in for it (`local/`)."""

"""AWS X-Ray: traces of each request through the API and the functions."""

from typing import Literal


from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase, NoSettings


class XRayComponent(ComponentBase):
    kind: Literal["xray.tracing"]
    settings: NoSettings = NoSettings()


class XRayTracing(Kind):
    name = "xray.tracing"
    title = "X-Ray tracing"
    layer = "monitoring"
    summary = "Distributed traces: one request followed through API Gateway and Lambda."
    icon = "aws.devtools.XRay"
    component = XRayComponent
    accepts = (Side("trace"),)


KIND = XRayTracing

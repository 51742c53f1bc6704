"""AWS::KinesisFirehose::DeliveryStream: moto's Firehose API has delivery streams, its CloudFormation does
not; created here through that API, with the template's settings (moto delivers nothing)."""

from __future__ import annotations

from typing import Any, Self

from moto.firehose.models import FirehoseBackend, firehose_backends

from archgen.deploy.local._adapter import Adapter, Context

# The template's properties, as the API's arguments (what moto keeps and describe_delivery_stream shows).
ARGUMENTS = {
    "KinesisStreamSourceConfiguration": "kinesis_stream_source_configuration",
    "DeliveryStreamEncryptionConfigurationInput": "delivery_stream_encryption_configuration_input",
    "S3DestinationConfiguration": "s3_destination_configuration",
    "ExtendedS3DestinationConfiguration": "extended_s3_destination_configuration",
}
UNUSED = ("redshift_destination_configuration", "elasticsearch_destination_configuration",
          "splunk_destination_configuration", "http_endpoint_destination_configuration",
          "snowflake_destination_configuration", "iceberg_destination_configuration")


def _backend(context: Context) -> FirehoseBackend:
    return firehose_backends[context.account_id][context.region]


class FirehoseDeliveryStream(Adapter):
    TYPE = "AWS::KinesisFirehose::DeliveryStream"
    NAME_PROPERTY = "DeliveryStreamName"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name = properties.get("DeliveryStreamName") or context.name
        arguments: dict[str, Any] = {argument: properties.get(prop) for prop, argument in ARGUMENTS.items()}
        arn = _backend(context).create_delivery_stream(
            context.region, name, properties.get("DeliveryStreamType", "DirectPut"),
            tags=properties.get("Tags") or [], **arguments, **{argument: None for argument in UNUSED})
        return cls(context, properties, name, {"Arn": arn})

    def remove(self) -> None:
        _backend(self.context).delete_delivery_stream(self.physical_id)

"""Path converters for the random identifiers in URLs: anything else is a 404 before any
query (a NUL byte, say, which PostgreSQL would refuse)."""

from django.urls import register_converter


class PublicIdConverter:
    regex = "[0-9a-f]{16}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TokenConverter(PublicIdConverter):
    regex = "[A-Za-z0-9_-]{43}"


register_converter(PublicIdConverter, "public_id")
register_converter(TokenConverter, "token")

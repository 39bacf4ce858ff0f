"""plainspeak: plain, accessible and respectful language for service documents."""

__version__ = "0.1.0"

#: Version of the JSON report layout. Later versions may only add fields.
JSON_SCHEMA_VERSION = 1

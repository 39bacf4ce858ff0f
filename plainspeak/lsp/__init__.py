"""The editor server (``plainspeak lsp``). See plainspeak/lsp/server.py and docs/editors.md."""

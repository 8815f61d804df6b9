"""The gettext bridge: each page and the interface strings as PO files a hosted Weblate
can serve, and back. It reads the model (`hooks.model`) and nothing above it."""

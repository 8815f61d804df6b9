"""The MkDocs side, and the only code that imports MkDocs: the plugin's event methods, the
preview's renderer, the validation log filter and the site's Markdown as mkdocs.yml sets it."""

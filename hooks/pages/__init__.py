"""Every language's pages as Markdown, made from the model and staged for a site engine."""

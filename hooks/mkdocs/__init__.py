"""The MkDocs side: the plugin's event methods and the validation log filter, nothing else."""

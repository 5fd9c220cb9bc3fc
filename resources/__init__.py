"""Data files installed with mesadiagram: templates, themes, icons (see resource_files)."""

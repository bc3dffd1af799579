"""Push-to-deploy for a self-hosted blog: git hooks and atomic releases."""

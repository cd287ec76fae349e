"""Browser tests of the course widgets (a package, so its conftest has a unique name)."""

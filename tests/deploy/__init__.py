"""Tests of the deployment set-ups in deploy/ (a package, so its conftest has a unique name)."""

"""The revisions of the course records schema, oldest first."""

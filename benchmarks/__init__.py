"""The course's benchmarks (``make bench``)."""

"""The national-scale benchmark (issue 8): `bench.data` builds the data set, `bench.run` times
the pages. See bench/README.md."""

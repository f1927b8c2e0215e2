"""Running a build: the build itself, where per-article NLP runs (engine), and the content-hash cache."""

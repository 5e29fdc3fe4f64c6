"""The ``sendtriage`` command line: serve, smtp, worker, web, classify, train, eval, stats, db."""

"""Pure domain rules for children missing education in England.

Nothing in this package imports Django or touches a database: every function takes
plain values and returns plain values, so the rules can be tested exhaustively and
reused by the web service, the command line and the benchmarks alike.
"""

"""Synthetic children for demonstrations, tests and benchmarks. Every record is made
up: names are drawn from Faker's en_GB provider and from pools of common names of
the communities of English cities, dates and addresses are random, and every UPN is
valid in form but allocated by nobody. Output is reproducible from a seed."""

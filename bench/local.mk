# Benchmarks (make bench): being written.

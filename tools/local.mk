# The pki command-line tool (being written).

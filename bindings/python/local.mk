# Python bindings (being written).

"""File formats other systems send and expect: the DfE Common Transfer File."""

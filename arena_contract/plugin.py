"""The pytest plugin (entry point ``pytest11``): kept import-light, since pytest loads it
in every run once arena-contract is installed. The contract suite comes with the probe."""

"""darwindeck: card games designed by evolution.

Genomes (``darwindeck.genome``) are compiled to bytecode and played by the Go engine through
``darwindeck.bindings``; ``darwindeck.evolution`` breeds them on a pool of Ray actors.
"""

__version__ = "0.1.0"

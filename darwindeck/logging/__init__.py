"""Loggers that subscribe to a search algorithm's per-generation status dict.

``ConsoleLogger`` prints one progress line per generation; ``TensorBoardLogger`` writes
scalars, a fitness histogram and the best genome to TensorBoard (it is the only module that
imports tensorboardX, and it is imported only when used).
"""

from darwindeck.logging.console import ConsoleLogger
from darwindeck.logging.logger import Logger

__all__ = ["ConsoleLogger", "Logger"]

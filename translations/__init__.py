"""Message catalogues (nb, nn, en). Shipped as package data so an installed app finds them."""

from pathlib import Path

DIRECTORY = Path(__file__).parent

"""Entry point for ``python -m data_pipeline``."""
import sys

from .cli import main

sys.exit(main())

"""`python -m ingest`: build or update the knowledge index."""

import sys

from ingest.cli import main

sys.exit(main())

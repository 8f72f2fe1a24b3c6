import sys

from kpilint.cli import main

sys.exit(main())

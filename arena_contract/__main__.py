import sys

from arena_contract.cli import main

sys.exit(main())

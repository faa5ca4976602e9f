import sys

from hotfix_tui.cli import main

sys.exit(main())

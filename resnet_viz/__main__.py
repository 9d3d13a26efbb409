"""``python -m resnet_viz``: the command line (``resnet_viz.cli``)."""

import sys

from resnet_viz.cli import main

sys.exit(main())

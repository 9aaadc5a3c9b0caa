#!/usr/bin/env python
"""Django's command-line utility, for developers (users type `cityhive`)."""

from cityhive.cli import main

if __name__ == "__main__":
    main()

"""``python -m collabscreen``: the same as the ``collabscreen`` command."""

from .cli import main

if __name__ == "__main__":
    main()

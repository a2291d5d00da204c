#!/usr/bin/env python
from kerjasama.__main__ import main

if __name__ == "__main__":
    main()

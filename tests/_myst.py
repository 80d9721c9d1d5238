"""The front matter of a MyST Markdown notebook, for tests that write a small page of their own."""

MYST_HEADER = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---
"""

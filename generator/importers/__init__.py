"""Importers: read the publishers' own files into canonical rows (``liim import``).

One module per publisher format (``statbel``, ``incijfers``); each reader returns an
``Extract`` in long form, which ``mapping`` turns into canonical rows.
"""

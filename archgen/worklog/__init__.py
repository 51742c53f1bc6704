"""The worklog: weeks of the model (`model.py`), Hugo pages in and out (`hugo.py`), week files (`store.py`).

Helper modules start with `_`: `_text` (line helpers), `_lists` (bullet lists), `_table` (the task table).
"""

"""学习 mode: rule cards, worked examples of real forms, exercises, progress.

Every lesson is taught with the checks themselves: a card's examples, a worked example's
findings and every exercise verdict come from the same code that judges real forms.
cards.py · specimen.py — rule cards on a correct specimen form; cases.py · case_example.py ·
examples.py — the case library's forms as found beside their hand-corrected versions;
exercises.py · library_rows.py · judging.py — exercise rounds; progress.py — scores in the
workspace; sources.py — the forms of examples/; terminal.py · render*.py — `jixiao learn`.
"""

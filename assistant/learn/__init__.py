"""学习 mode: rule cards, worked examples of real forms, exercises, progress.

Every lesson is taught with the checks themselves: a card's examples, a worked example's
findings and every exercise verdict come from the same code that judges real forms.
cards.py · specimen.py — rule cards on a correct specimen form; examples.py · correction.py —
worked examples corrected by the drafting engine; exercises.py · library_rows.py · judging.py —
exercise rounds; progress.py — scores in the workspace; sources.py — the forms of examples/;
terminal.py · render*.py — `jixiao learn`.
"""

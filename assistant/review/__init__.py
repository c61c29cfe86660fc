"""The review path: many inputs → checked forms → one report (xlsx, csv, md).

inputs.py expands folders, zips and uploads into tasks; batch.py checks them in worker processes;
form_report.py is one checked form (JSON contract and text); tables.py, xlsx.py and report_files.py
write the report a reviewer opens.
"""

"""Concerns: anyone may raise a concern that a signatory does not adhere to the Principles, and
the coordinators handle it to a recorded outcome, hearing the signatory without naming who
raised it (principle 15's "public procedure"). See services.py."""

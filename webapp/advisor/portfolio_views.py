"""The advisors' portfolio of granted projects (filled in below)."""

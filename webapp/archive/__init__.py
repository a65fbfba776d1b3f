"""Archive copies: each document as PDF/A-2b (what Noark 5 archives take), made by LibreOffice."""

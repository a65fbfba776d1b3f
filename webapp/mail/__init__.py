"""E-mail: render a mail template, build a safe MIME message, hand it to SMTP (or a file)."""

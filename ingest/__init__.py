"""Mail in: the SMTP listener, durable acceptance of raw messages, and MIME parsing."""

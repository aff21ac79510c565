"""Web pages of online public services: the citizen portal and the one-stop back office."""

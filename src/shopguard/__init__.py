"""shopguard: check seller chat against TikTok Shop's US Customer Service Policy."""

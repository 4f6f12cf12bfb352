"""Tests in real headless Chromium against a built site served on 127.0.0.1."""

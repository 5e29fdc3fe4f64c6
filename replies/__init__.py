"""Replies: draft composition from templates per next step, outbound message building, sending."""

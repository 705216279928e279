"""Stateful fake vendor clouds built from the specs."""

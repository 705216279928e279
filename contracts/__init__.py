"""Contract checks of any server, fake or real, against the specs."""

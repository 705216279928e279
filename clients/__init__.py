"""Reference clients for the vendor APIs, built from the specs."""

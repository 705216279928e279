"""The generic request pipeline every fake cloud shares, driven by its spec."""

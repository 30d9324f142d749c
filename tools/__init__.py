"""Development tools, out of the product's code: demo data (`seed_demo`) and `make bench`."""

"""anzuelo: find online job ads that lure young people into trafficking and recruitment fraud."""

__version__ = "0.1.0"

"""CityHive: the open platform for smart-city partnerships."""

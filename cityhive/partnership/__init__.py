"""The partnership programme: tiers, applications and partner status."""

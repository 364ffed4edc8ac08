"""policybot."""

"""In-app and email notifications with each member's preferences."""
